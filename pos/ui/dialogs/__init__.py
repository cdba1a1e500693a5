"""Small dialogs of the till, one per file."""
