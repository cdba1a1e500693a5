"""Small dialogs of the till, one per file; :func:`finish` ends any of them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def finish(dialog: QWidget, *, delete: bool = True) -> None:
    """Done with ``dialog`` (its answer read): delete it, and give the keyboard back to the
    window under it. A kiosk session has no window manager to do that: the till would keep
    taking keys but would not show the scan box as focused. ``delete=False`` for a dialog
    whose work may still answer after it closed (its callbacks touch its widgets)."""
    owner = dialog.parentWidget()
    if delete:
        dialog.deleteLater()
    if owner is not None and owner.window().isVisible():
        owner.window().activateWindow()
