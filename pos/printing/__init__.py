"""Receipts: layout, Qt rendering to a 1-bit image, ESC/POS encoding, printer connections.

Pipeline (each step a module; import the one you need, Qt loads only with ``render``)::

    receipt.py   ReceiptData / CreditNoteInput / DayReportData / TestPageData, and the
                 builders receipt_for_sale, receipt_for_credit_note, day_report (pure)
    layout.py    document -> list of blocks for 384 (58 mm) or 576 (80 mm) dots (pure)
    render.py    blocks -> QImage Format_Mono, exactly paper-wide (Qt shapes Devanagari)
    encode.py    image -> ESC/POS job: init, drawer kick, GS v 0 bands, feed, cut
    decode.py    job bytes -> image and commands (tests, support: python -m pos.printing.decode)
    connections  PrinterConnection: file, LAN 9100, USB, serial, Windows spooler; PrinterError
    printer.py   ReceiptPrinter.print_job(image_or_bytes): what the print-queue runner calls
    sample.py    render_sample / write_sample: a realistic bill as .bin and .png
"""
