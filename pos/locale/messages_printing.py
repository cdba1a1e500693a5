"""Messages of the printer setup, test page, printed documents: ``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

PRINTING: Mapping[str, tuple[str, str]] = {
    # -- the manager menu and F1 ------------------------------------------------------------
    "manager.printer_setup": ("Printer setup…", "प्रिंटर सेटअप…"),
    "manager.print_x_report": ("Print the X report", "एक्स रिपोर्ट छापें"),
    "help.printer_setup": ("Manager menu → Printer setup: connection, paper, test page, drawer",
                           "प्रबंधक मेनू → प्रिंटर सेटअप: कनेक्शन, कागज़, टेस्ट पेज, दराज़"),
    "printer.report_queued": ("X report sent to the printer", "एक्स रिपोर्ट छपने भेजी गई"),
    # -- the setup dialog -------------------------------------------------------------------
    "printer_setup.title": ("Printer setup", "प्रिंटर सेटअप"),
    "printer_setup.connection": ("Connection", "कनेक्शन"),
    "printer_setup.kind.file": ("File (demo: saves each receipt as a picture)",
                                "फ़ाइल (डेमो: हर रसीद चित्र के रूप में सहेजता है)"),
    "printer_setup.kind.lan": ("Network (LAN, port 9100)", "नेटवर्क (लैन, पोर्ट 9100)"),
    "printer_setup.kind.usb": ("USB (direct)", "यूएसबी (सीधा)"),
    "printer_setup.kind.serial": ("Serial (COM port)", "सीरियल (कॉम पोर्ट)"),
    "printer_setup.kind.windows": ("Windows printer (driver)", "विंडोज़ प्रिंटर (ड्राइवर)"),
    "printer_setup.folder": ("Folder", "फ़ोल्डर"),
    "printer_setup.folder_default": ("the till's data folder", "टिल का डेटा फ़ोल्डर"),
    "printer_setup.host": ("Printer address (IP)", "प्रिंटर का पता (आईपी)"),
    "printer_setup.port": ("Port", "पोर्ट"),
    "printer_setup.usb_vendor": ("Vendor id (hex, e.g. 04b8)", "वेंडर आईडी (हेक्स, जैसे 04b8)"),
    "printer_setup.usb_product": ("Product id (hex, e.g. 0202)",
                                  "प्रोडक्ट आईडी (हेक्स, जैसे 0202)"),
    "printer_setup.serial_port": ("Serial port (e.g. COM3)", "सीरियल पोर्ट (जैसे COM3)"),
    "printer_setup.baud": ("Speed (baud)", "गति (बॉड)"),
    "printer_setup.windows_name": ("Printer name in Windows", "विंडोज़ में प्रिंटर का नाम"),
    "printer_setup.paper": ("Paper width", "कागज़ की चौड़ाई"),
    "printer_setup.paper_mm": ("{mm} mm", "{mm} मिमी"),
    "printer_setup.darkness": ("Darkness (0–100)", "गहराई (0–100)"),
    "printer_setup.kick": ("Open the cash drawer for cash bills and refunds",
                           "नकद बिल और नकद वापसी पर कैश दराज़ खोलें"),
    "printer_setup.test": ("Print test page", "टेस्ट पेज छापें"),
    "printer_setup.drawer": ("Open drawer", "दराज़ खोलें"),
    "printer_setup.save": ("Save", "सहेजें"),
    "printer_setup.cancel": ("Cancel", "रद्द करें"),
    "printer_setup.working": ("Talking to the printer…", "प्रिंटर से संपर्क हो रहा है…"),
    "printer_setup.test_ok": ("Test page sent to {where}. Check the paper: edges, Hindi text "
                              "and the QR code.",
                              "टेस्ट पेज {where} पर भेजा गया। कागज़ देखें: किनारे, हिंदी "
                              "अक्षर और क्यूआर कोड।"),
    "printer_setup.drawer_ok": ("Drawer kick sent to {where}.",
                                "{where} पर दराज़ खोलने का संकेत भेजा गया।"),
    "printer_setup.saved": ("Printer saved: {where}, {mm} mm. The next receipt prints there.",
                            "प्रिंटर सहेजा गया: {where}, {mm} मिमी। अगली रसीद वहीं छपेगी।"),
    "printer_setup.failed": ("Did not work: {problem}", "नहीं हुआ: {problem}"),
    "printer_setup.hint": ("Try a test page before saving. Nothing changes until you save.",
                           "सहेजने से पहले टेस्ट पेज छापकर देखें। सहेजने तक कुछ नहीं बदलता।"),
    "printer_setup.problem.disconnected": ("the connection dropped", "कनेक्शन टूट गया"),
    "printer_setup.problem.paper_out": ("out of paper — change the roll and try again",
                                        "कागज़ खत्म — रोल बदलकर फिर आज़माएँ"),
    # -- printer problems the setup screen can meet (besides those of the status bar) ------
    "printer.not_found": ("not found — check the name, address or cable",
                          "नहीं मिला — नाम, पता या केबल जाँचें"),
    "printer.no_access": ("the system refused access — check the driver or permissions",
                          "सिस्टम ने पहुँच नहीं दी — ड्राइवर या अनुमति जाँचें"),
    "printer.printer_error": ("reports an error (cutter jam or overheated head)",
                              "त्रुटि बता रहा है (कटर फँसा या हेड गरम)"),
    "printer.io": ("could not write to it ({detail})", "उस पर लिख नहीं सका ({detail})"),
    "printer.no_spooler": ("Windows printers work only on Windows with pywin32 installed",
                           "विंडोज़ प्रिंटर केवल विंडोज़ पर (pywin32 के साथ) चलते हैं"),
    # -- settings the service refuses -------------------------------------------------------
    "error.printer_bad_kind": ("Choose a connection", "कनेक्शन चुनें"),
    "error.printer_bad_width": ("Paper is 58 or 80 mm wide", "कागज़ 58 या 80 मिमी चौड़ा होता है"),
    "error.printer_bad_darkness": ("Darkness is 0 to 100", "गहराई 0 से 100 तक"),
    "error.printer_bad_host": ("Type the printer's IP address, like 192.168.1.50",
                               "प्रिंटर का आईपी पता लिखें, जैसे 192.168.1.50"),
    "error.printer_bad_port": ("The port is a number from 1 to 65535 (usually 9100)",
                               "पोर्ट 1 से 65535 तक की संख्या है (आमतौर पर 9100)"),
    "error.printer_bad_usb": ("Type the USB vendor and product ids in hex, like 04b8 and 0202",
                              "यूएसबी वेंडर और प्रोडक्ट आईडी हेक्स में लिखें, जैसे 04b8 और 0202"),
    "error.printer_bad_serial": ("Type the serial port, like COM3",
                                 "सीरियल पोर्ट लिखें, जैसे COM3"),
    "error.printer_bad_baud": ("Choose the printer's speed (baud)", "प्रिंटर की गति (बॉड) चुनें"),
    "error.printer_bad_windows": ("Choose the Windows printer", "विंडोज़ प्रिंटर चुनें"),
}
