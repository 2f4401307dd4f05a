"""The `docgen` command's process: the installed `docgen` and `python -m docgen` start here.

Only the command line's own process is tuned here; a program that imports docgen keeps
its garbage collector as it set it.
"""

import gc


def main() -> None:
    """Run docgen's command line in a process set up for a short run.

    Loading docgen and its libraries (pydantic, markdown-it, Babel, click, …) makes
    30 000–50 000 objects that live as long as the process. With the collector's
    defaults Python walks them again and again while they load, and once more at exit:
    50–80 ms of a `docgen check` or `docgen render` on this project's machine (see
    bench/startup.py). So the youngest generation is collected every 50 000 allocations
    instead of every 700 (mypy, a short-lived command too, sets 200 000), and what the
    imports made is set aside (`gc.freeze`) before the command runs. Reference cycles
    the command itself makes are still collected.
    """
    gc.set_threshold(50_000)
    from docgen.cli import main as command_line

    gc.freeze()
    command_line()


if __name__ == "__main__":
    main()
