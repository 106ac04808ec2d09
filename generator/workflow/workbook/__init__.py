"""Workbooks for staff who never touch git: `parportal export workbook` writes an .xlsx of a
unit's self-assessment, an agency's appraisal or the survey organiser's table (`rows`, `writer`);
`parportal import` reads it back, checks every cell and writes the YAML files in canonical form
(`reader`). Numbers and dates typed into cells: `numbers`."""
