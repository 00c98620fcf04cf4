"""The forms, one module per feature, mirroring the template folders under templates/web/."""
