"""The till's look: one stylesheet, large type, high contrast for bright fair halls."""

from __future__ import annotations

MAROON = "#7a1f2b"
SAFFRON = "#e8a33d"
INK = "#1f2328"
PAPER = "#fbf7f0"
GREEN = "#1d7a46"
RED = "#b3261e"

STYLESHEET = f"""
QWidget {{ color: {INK}; font-size: 15px; }}
QMainWindow, QDialog {{ background: {PAPER}; }}
QDialog {{ border: 2px solid {MAROON}; }}
#DialogTitle {{ font-size: 22px; font-weight: 700; color: {MAROON}; padding-bottom: 4px; }}
QMenu {{ background: white; border: 2px solid {MAROON}; font-size: 17px; padding: 4px; }}
QMenu::item {{ padding: 9px 28px 9px 18px; }}
QMenu::item:selected {{ background: #f3d9a8; color: {INK}; }}
QMenu::item:disabled {{ color: #9b9184; }}
QMenu::separator {{ height: 1px; background: #e6dccd; margin: 4px 8px; }}
QListWidget {{ font-size: 17px; }}
QListWidget::item {{ padding: 5px 4px; }}
#Results {{ border: 2px solid {SAFFRON}; border-radius: 6px; }}
#Results::item:selected {{ background: #f3d9a8; color: {INK}; }}
#TopBar {{ background: {MAROON}; }}
#TopBar QLabel {{ color: white; font-size: 16px; }}
#TopBar QPushButton {{ background: transparent; color: white; border: 1px solid #ffffff88;
    border-radius: 6px; padding: 4px 12px; }}
#OutletName {{ font-size: 20px; font-weight: 600; }}
QLineEdit {{ background: white; border: 2px solid #c9bfb0; border-radius: 8px;
    padding: 6px 10px; font-size: 18px; }}
QLineEdit:focus {{ border-color: {SAFFRON}; }}
#ScanBox {{ font-size: 22px; padding: 10px 14px; }}
QTableView {{ background: white; alternate-background-color: #f6efe4; gridline-color: #e6dccd;
    border: 1px solid #d9cfc0; border-radius: 8px; font-size: 16px;
    selection-background-color: #f3d9a8; selection-color: {INK}; }}
QHeaderView::section {{ background: #efe6d8; border: none; border-bottom: 1px solid #d9cfc0;
    padding: 6px; font-weight: 600; }}
QPushButton {{ background: white; border: 1px solid #c9bfb0; border-radius: 8px;
    padding: 8px 14px; font-size: 15px; }}
QPushButton:hover {{ border-color: {SAFFRON}; }}
QPushButton:focus {{ border: 2px solid {SAFFRON}; }}
#PayButton {{ background: {GREEN}; color: white; font-size: 22px; font-weight: 700;
    border: none; padding: 14px; }}
#PayButton:disabled {{ background: #9bb8a7; }}
#TotalsPanel {{ background: white; border: 1px solid #d9cfc0; border-radius: 10px; }}
#TotalLabel {{ font-size: 20px; font-weight: 600; }}
#TotalAmount {{ font-size: 38px; font-weight: 800; color: {MAROON}; }}
#Banner {{ border-radius: 8px; padding: 8px 12px; font-size: 17px;
    border: 1px solid transparent; }}
#Banner[kind="error"] {{ background: #fde7e4; color: {RED}; border: 1px solid {RED}; }}
#Banner[kind="info"] {{ background: #e5f3ea; color: {GREEN}; border: 1px solid {GREEN}; }}
#PinPad QPushButton {{ font-size: 26px; min-width: 84px; min-height: 64px; }}
#PinField {{ font-size: 30px; }}
#StaffList {{ font-size: 20px; }}
#StaffList::item {{ padding: 14px; border-bottom: 1px solid #eee3d3; }}
#StaffList::item:selected {{ background: #f3d9a8; color: {INK}; }}
QStatusBar {{ background: #efe6d8; font-size: 14px; }}
QStatusBar QLabel {{ padding: 0 10px; }}
#Chip[state="ok"] {{ color: {GREEN}; font-weight: 600; }}
#Chip[state="warn"] {{ color: #9a5b00; font-weight: 600; }}
#Chip[state="error"] {{ color: {RED}; font-weight: 600; }}
#BigDue {{ font-size: 34px; font-weight: 800; color: {MAROON}; }}
#Change {{ font-size: 26px; font-weight: 700; color: {GREEN}; }}
#Enrolment {{ background: {PAPER}; }}
#Enrolment QLineEdit {{ font-size: 18px; padding: 6px 10px; min-width: 400px; min-height: 30px; }}
#Enrolment QLabel {{ font-size: 15px; }}
#Enrolment QLabel#Title {{ font-size: 28px; }}
#Enrolment QLabel#Error {{ font-size: 16px; }}
#Enrolment QProgressBar {{ min-height: 22px; }}
#Title {{ font-size: 26px; font-weight: 700; color: {MAROON}; }}
#Big {{ font-size: 18px; font-weight: 600; }}
#Notice {{ background: #fff4dc; border: 1px solid #e0b25c; border-radius: 8px; padding: 8px 12px;
    font-size: 15px; }}
#Error {{ color: {RED}; font-size: 16px; font-weight: 600; }}
#Primary {{ background: {GREEN}; color: white; font-size: 18px; font-weight: 700;
    padding: 10px 18px; border-radius: 8px; }}
"""
