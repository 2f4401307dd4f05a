"""Loading content files: YAML and front matter with lines, validation, resolution.

Import from the module that does the job (`organisation`, `tjansteskrivelse`, `meeting`,
`tree`, `check`, `doctypes`); this package imports none of them, so rendering one
tjänsteskrivelse does not load the meeting model or the checker.
"""
