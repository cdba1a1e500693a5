"""PySide6 windows and dialogs over pos.services. No SQL, HTTP or escpos here."""
