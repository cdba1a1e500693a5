"""Every sentence a person reads, in English and Hindi: one catalogue, one lookup function.

Keys are stable ids (``"billing.pay"``); values are ``(English, Hindi)`` templates with
``str.format`` fields. Screens, receipts and messages for error codes all go through
:func:`text`, so switching the language is one setting and a missing Hindi string is caught
by a test that walks the catalogue and the screens.
"""

from __future__ import annotations

from collections.abc import Mapping

from pos.locale.lang import Lang
from pos.locale.messages_counter import COUNTER
from pos.locale.messages_manager import MANAGER
from pos.locale.messages_payment import PAYMENT
from pos.locale.messages_printing import PRINTING
from pos.locale.messages_sync import SYNC

_CORE: Mapping[str, tuple[str, str]] = {
    # -- application --------------------------------------------------------------------
    "app.title": ("Emporium POS", "एम्पोरियम पीओएस"),
    "app.language": ("हिंदी", "English"),  # the button shows the *other* language
    # -- login --------------------------------------------------------------------------
    "login.title": ("Who is billing?", "कौन बिल बना रहा है?"),
    "login.locked_title": ("Screen locked", "स्क्रीन लॉक है"),
    "login.locked_for": ("This bill is {name}'s: {name} or a manager unlocks it.",
                         "यह बिल {name} का है: {name} या प्रबंधक ही इसे खोल सकते हैं।"),
    "login.pin": ("Enter your PIN", "अपना पिन डालें"),
    "login.ok": ("Log in", "लॉग इन"),
    "login.clear": ("Clear", "मिटाएँ"),
    "login.choose": ("Choose your name, then type your PIN", "अपना नाम चुनें, फिर पिन लिखें"),
    "login.locked_screen": ("Locked — {name}'s bill is waiting. Enter the PIN to continue.",
                            "लॉक है — {name} का बिल रुका है। जारी रखने के लिए पिन डालें।"),
    "role.cashier": ("Cashier", "कैशियर"),
    "role.supervisor": ("Supervisor", "पर्यवेक्षक"),
    "role.manager": ("Manager", "प्रबंधक"),
    "role.admin": ("Administrator", "प्रशासक"),
    # -- billing ------------------------------------------------------------------------
    "billing.scan": ("Scan a barcode or type a name (F2)",
                     "बारकोड स्कैन करें या नाम लिखें (F2)"),
    "billing.empty": ("Scan the first item to start a bill", "बिल शुरू करने के लिए पहला सामान स्कैन करें"),
    "billing.col.item": ("Item", "सामान"),
    "billing.col.qty": ("Qty", "मात्रा"),
    "billing.col.price": ("Price", "मूल्य"),
    "billing.col.discount": ("Discount", "छूट"),
    "billing.col.amount": ("Amount", "राशि"),
    "billing.items": ("Pieces: {count}", "नग: {count}"),
    "billing.gross": ("MRP total", "एमआरपी कुल"),
    "billing.discount": ("Discount", "छूट"),
    "billing.taxable": ("Taxable value", "कर योग्य मूल्य"),
    "billing.cgst": ("CGST {rate}", "सीजीएसटी {rate}"),
    "billing.sgst": ("SGST {rate}", "एसजीएसटी {rate}"),
    "billing.igst": ("IGST {rate}", "आईजीएसटी {rate}"),
    "billing.round_off": ("Round off", "पूर्णांकन"),
    "billing.total": ("To pay", "देय राशि"),
    "billing.pay": ("Pay (F12)", "भुगतान (F12)"),
    "billing.hold": ("Hold (F4)", "रोकें (F4)"),
    "billing.held": ("Held bills (F5)", "रुके बिल (F5)"),
    "billing.qty_key": ("Quantity (F3)", "मात्रा (F3)"),
    "billing.discount_key": ("Discount (F8)", "छूट (F8)"),
    "billing.remove": ("Remove (Del)", "हटाएँ (Del)"),
    "billing.manager": ("Manager (F10)", "प्रबंधक (F10)"),
    "billing.help": ("Help (F1)", "सहायता (F1)"),
    "billing.lock": ("Lock (Ctrl+L)", "लॉक (Ctrl+L)"),
    "billing.price_changed": ("Price changed since scanned: billed at the scanned price",
                              "स्कैन के बाद मूल्य बदला: स्कैन वाले मूल्य पर बिल"),
    "billing.added": ("Added {name}", "{name} जोड़ा गया"),
    "billing.completed": ("Bill {number} saved", "बिल {number} सहेजा गया"),
    "billing.completed_change": ("Bill {number} saved. Give back {change}",
                                 "बिल {number} सहेजा गया। {change} लौटाएँ"),
    "billing.held_ok": ("Bill held", "बिल रोका गया"),
    "billing.resumed": ("Held bill back on screen (lines: {count})",
                        "रोका गया बिल वापस (पंक्तियाँ: {count})"),
    "billing.no_results": ("Nothing found for “{text}”", "“{text}” के लिए कुछ नहीं मिला"),
    # -- payment ------------------------------------------------------------------------
    # (the payment dialog's own are in messages_payment.py; these name the modes elsewhere)
    "pay.cash": ("Cash", "नकद"),
    "pay.upi": ("UPI", "यूपीआई"),
    "pay.card": ("Card", "कार्ड"),
    "pay.reference": ("Reference (UTR / slip no.)", "संदर्भ (यूटीआर / स्लिप नं.)"),
    # -- dialogs ------------------------------------------------------------------------
    "approve.title": ("Approval needed", "मंज़ूरी चाहिए"),
    "approve.pin": ("The approver's PIN (not yours)", "मंज़ूरी देने वाले का पिन (आपका नहीं)"),
    "approve.discount": ("This discount is above your limit. A manager approves with a PIN.",
                         "यह छूट आपकी सीमा से अधिक है। प्रबंधक पिन से मंज़ूरी दें।"),
    "approve.manager": ("This needs a manager's PIN.", "इसके लिए प्रबंधक का पिन चाहिए।"),
    "held.title": ("Held bills", "रुके बिल"),
    "held.unnamed": ("Bill", "बिल"),
    "held.row": ("{label} — {count} lines — {amount} — {time}",
                 "{label} — {count} पंक्तियाँ — {amount} — {time}"),
    "held.label": ("Name for this bill (optional)", "इस बिल का नाम (वैकल्पिक)"),
    "qty.title": ("Quantity", "मात्रा"),
    "qty.prompt": ("New quantity for {name}", "{name} की नई मात्रा"),
    "discount.title": ("Discount", "छूट"),
    "discount.prompt_line": ("Discount on {name}: an amount (50) or a percent (10%)",
                             "{name} पर छूट: राशि (50) या प्रतिशत (10%)"),
    "discount.prompt_bill": ("Discount on the whole bill: an amount (50) or a percent (10%)",
                             "पूरे बिल पर छूट: राशि (50) या प्रतिशत (10%)"),
    "manager.menu": ("Manager", "प्रबंधक"),
    "manager.open_day": ("Open the day…", "दिन खोलें…"),
    "manager.float": ("Opening cash (float) in the drawer", "दराज़ में शुरुआती नकद"),
    "manager.paid_in": ("Cash paid in…", "नकद जमा…"),
    "manager.paid_out": ("Cash paid out…", "नकद निकासी…"),
    "manager.amount": ("Amount", "राशि"),
    "manager.reason": ("Reason", "कारण"),
    "manager.x_report": ("X report (the day so far)", "एक्स रिपोर्ट (अब तक का दिन)"),
    "manager.void": ("Void a bill of today…", "आज का बिल रद्द करें…"),
    "manager.void_number": ("Invoice number (or scan the receipt QR)",
                            "बीजक संख्या (या रसीद का क्यूआर स्कैन करें)"),
    "manager.day_opened": ("Day opened with {amount}", "दिन {amount} से खुला"),
    "manager.done": ("Done", "हो गया"),
    "manager.voided": ("Bill {number} voided", "बिल {number} रद्द"),
    "report.title": ("X report — {date}", "एक्स रिपोर्ट — {date}"),
    "report.body": ("Bills: {count}\nSales: {payable}\nTaxable: {taxable}\nTax: {tax}\n"
                    "Voided bills: {voided}\nRefunds: {refunds}\nCash: {cash}\nUPI: {upi}\n"
                    "Card: {card}\nPaid in: {paid_in}\nPaid out: {paid_out}\n"
                    "Expected cash in drawer: {expected}",
                    "बिल: {count}\nबिक्री: {payable}\nकर योग्य: {taxable}\nकर: {tax}\n"
                    "रद्द बिल: {voided}\nवापसी: {refunds}\nनकद: {cash}\nयूपीआई: {upi}\n"
                    "कार्ड: {card}\nनकद जमा: {paid_in}\nनकद निकासी: {paid_out}\n"
                    "दराज़ में अपेक्षित नकद: {expected}"),
    "help.title": ("Keyboard shortcuts", "कीबोर्ड शॉर्टकट"),
    "help.f1": ("This help", "यह सहायता"),
    "help.f2": ("Scan box: scan, or type a name in Hindi or English",
                "स्कैन बॉक्स: स्कैन करें, या हिंदी/अंग्रेज़ी में नाम लिखें"),
    "help.f3": ("Change the quantity of the selected line", "चुनी पंक्ति की मात्रा बदलें"),
    "help.plusminus": ("One more / one less of the selected line", "चुनी पंक्ति में एक अधिक / एक कम"),
    "help.del": ("Remove the selected line", "चुनी पंक्ति हटाएँ"),
    "help.f4": ("Hold this bill", "यह बिल रोकें"),
    "help.f5": ("Bring back a held bill", "रुका बिल वापस लाएँ"),
    "help.f8": ("Discount on the selected line", "चुनी पंक्ति पर छूट"),
    "help.shift_f8": ("Discount on the whole bill", "पूरे बिल पर छूट"),
    "help.f9": ("Hindi ⇄ English", "हिंदी ⇄ English"),
    "help.f10": ("Manager: open/close the day, paid in/out, X report, void, return",
                 "प्रबंधक: दिन खोलें/बंद करें, नकद जमा/निकासी, एक्स रिपोर्ट, रद्द, वापसी"),
    "help.f12": ("Take payment", "भुगतान लें"),
    "help.lock": ("Lock the screen (the bill waits)", "स्क्रीन लॉक करें (बिल रुका रहेगा)"),
    "help.esc": ("Clear the scan box / go back", "स्कैन बॉक्स साफ़ करें / वापस"),
    "help.pay_modes": ("In payment: cash / UPI / card", "भुगतान में: नकद / यूपीआई / कार्ड"),
    "return.title": ("Return against bill {number}", "बिल {number} पर वापसी"),
    "return.sold": ("Can come back", "लौट सकता है"),
    "return.back": ("Coming back", "लौट रहा है"),
    "return.refund_by": ("Refund by", "वापसी का तरीका"),
    "return.hint": ("Set how much of each line comes back, the refund and the reason.",
                    "हर पंक्ति में कितना लौट रहा है, वापसी का तरीका और कारण भरें।"),
    "return.done": ("Credit note {number}: refund {amount}", "क्रेडिट नोट {number}: वापसी {amount}"),
    "manager.return": ("Return against a bill…", "बिल पर वापसी…"),
    "manager.close_day": ("Close the day…", "दिन बंद करें…"),
    "close.title": ("Close the day: count the cash", "दिन बंद: नकद गिनें"),
    "close.note": ("notes", "नोट"),
    "close.coin": ("coins", "सिक्के"),
    "close.reason": ("Why the cash does not match (if it does not)",
                     "नकद मेल न खाए तो कारण"),
    "close.summary": ("Expected {expected} · counted {counted} · difference {variance}",
                      "अपेक्षित {expected} · गिना {counted} · अंतर {variance}"),
    "close.done": ("Day closed. Difference {variance}", "दिन बंद। अंतर {variance}"),
    # -- printer ------------------------------------------------------------------------
    "printer.offline": ("offline — check the cable and power", "बंद है — केबल और बिजली देखें"),
    "printer.paper_out": ("out of paper — change the roll, then Ctrl+P",
                          "कागज़ खत्म — रोल बदलें, फिर Ctrl+P"),
    "printer.cover_open": ("cover open", "ढक्कन खुला है"),
    "printer.timeout": ("not answering", "जवाब नहीं दे रहा"),
    "printer.unreachable": ("not reachable on the network", "नेटवर्क पर नहीं मिल रहा"),
    "printer.refused": ("refused the connection", "कनेक्शन अस्वीकार किया"),
    "printer.disconnected": ("connection dropped while printing: reprint with F11",
                             "छपाई के बीच कनेक्शन टूटा: F11 से फिर छापें"),
    "printer.unsupported": ("this document cannot be printed yet", "यह दस्तावेज़ अभी नहीं छप सकता"),
    "printer.other": ("problem ({code})", "समस्या ({code})"),
    "printer.waiting": ("{count} waiting to print", "{count} छपने बाकी"),
    "printer.reprint_queued": ("Reprint (DUPLICATE) sent to the printer",
                               "प्रतिलिपि छपने भेजी गई"),
    "help.f11": ("Reprint the last bill (marked DUPLICATE)",
                 "पिछला बिल फिर छापें (प्रतिलिपि)"),
    "help.ctrl_p": ("Try the printer again", "प्रिंटर फिर से आज़माएँ"),
    # -- status bar ---------------------------------------------------------------------
    "status.gstin": ("GSTIN {gstin}", "जीएसटीआईएन {gstin}"),
    "status.date": ("Business date {date}", "कारोबारी तिथि {date}"),
    "status.cashier": ("{name} ({role})", "{name} ({role})"),
    "status.printer_ok": ("Printer ready", "प्रिंटर तैयार"),
    "status.printer_problem": ("Printer: {problem}", "प्रिंटर: {problem}"),
    # -- errors (by ServiceError / domain error code) -----------------------------------
    "error.unknown_code": ("No product with barcode or SKU “{code}”. Type the item's name "
                           "instead, or keep it aside for the manager.",
                           "बारकोड या एसकेयू “{code}” का कोई सामान नहीं। सामान का नाम लिखकर "
                           "खोजें, या उसे प्रबंधक के लिए अलग रखें।"),
    "error.inactive_product": ("This product is no longer sold", "यह सामान अब नहीं बिकता"),
    "error.dead_band": ("{price} cannot be billed for this item (GST band). "
                        "Call the manager to reprice it.",
                        "इस सामान का {price} मूल्य बिल नहीं हो सकता (जीएसटी सीमा)। "
                        "मूल्य बदलवाने के लिए प्रबंधक को बुलाएँ।"),
    "error.no_tax_rule": ("No GST rule for this item: call the manager",
                          "इस सामान का जीएसटी नियम नहीं है: प्रबंधक को बुलाएँ"),
    "error.bad_quantity": ("That quantity is not possible", "यह मात्रा संभव नहीं"),
    "error.discount_not_allowed": ("Discount above your limit: a manager must approve",
                                   "छूट आपकी सीमा से अधिक: प्रबंधक की मंज़ूरी चाहिए"),
    "error.wrong_pin": ("Wrong PIN. {attempts_left} tries left",
                        "गलत पिन। {attempts_left} प्रयास बाकी"),
    "error.pin_locked": ("Too many wrong PINs. Try again in a few minutes",
                         "बहुत बार गलत पिन। कुछ मिनट बाद प्रयास करें"),
    "error.unknown_staff": ("Unknown staff member", "अज्ञात कर्मचारी"),
    "error.not_allowed": ("This needs a {needed}", "इसके लिए {needed} चाहिए"),
    "error.day_not_open": ("Open the day before billing", "बिल से पहले दिन खोलें"),
    "error.day_stale": ("Yesterday is still open: the manager must close it",
                        "पिछला दिन अभी खुला है: प्रबंधक उसे बंद करें"),
    "error.outside_stall_dates": ("This stall may not sell today (registration dates)",
                                  "यह स्टॉल आज नहीं बेच सकता (पंजीकरण तिथियाँ)"),
    "error.underpaid": ("{short} still to pay", "{short} अभी बाकी"),
    "error.overpaid": ("UPI and card cannot pay more than the bill",
                       "यूपीआई और कार्ड बिल से अधिक नहीं चुका सकते"),
    "error.bad_reference": ("Type the payment reference (at least 4 digits)",
                            "भुगतान संदर्भ लिखें (कम से कम 4 अंक)"),
    "error.bad_amount": ("Type an amount, like 500 or 1,250.50",
                         "राशि लिखें, जैसे 500 या 1,250.50"),
    "error.cancelled": ("Cancelled", "रद्द किया"),
    "error.day_already_open": ("The day is already open", "दिन पहले से खुला है"),
    "error.day_already_closed": ("Today was already closed", "आज का दिन बंद हो चुका है"),
    "error.reason_required": ("Give a reason", "कारण लिखें"),
    "error.not_enough_cash": ("The drawer does not hold that much cash", "दराज़ में इतना नकद नहीं है"),
    "error.no_such_invoice": ("No bill with number {invoice_no}",
                              "संख्या {invoice_no} का कोई बिल नहीं"),
    "error.already_voided": ("This bill is already voided", "यह बिल पहले ही रद्द है"),
    "error.void_closed_day": ("Only bills of the open day can be voided: take a return",
                              "केवल खुले दिन के बिल रद्द हो सकते हैं: वापसी लें"),
    "error.void_has_returns": ("Goods of this bill were returned: it cannot be voided",
                               "इस बिल का सामान लौटाया गया है: रद्द नहीं हो सकता"),
    "error.nothing_to_reprint": ("Nothing has been printed yet", "अभी तक कुछ नहीं छपा"),
    "error.variance_reason_required": ("The cash is {variance} off: write the reason",
                                       "नकद में {variance} का अंतर है: कारण लिखें"),
    "error.return_too_much": ("More than can come back on that line",
                              "उस पंक्ति में इतना नहीं लौट सकता"),
    "error.nothing_to_return": ("Choose what comes back", "चुनें क्या लौट रहा है"),
    "error.reference_required": ("Give the UPI or card refund reference",
                                 "यूपीआई या कार्ड वापसी का संदर्भ दें"),
    "error.sale_voided": ("That bill was voided: nothing to return",
                          "वह बिल रद्द है: कुछ लौटाने को नहीं"),
    "error.not_an_invoice": ("That is not a bill number or a receipt QR",
                             "यह बिल संख्या या रसीद क्यूआर नहीं है"),
    "error.empty_cart": ("The bill has no items", "बिल में कोई सामान नहीं"),
    "error.cannot_complete": ("A line cannot be billed: see the red line",
                              "एक पंक्ति बिल नहीं हो सकती: लाल पंक्ति देखें"),
    "error.no_stock": ("No stock of this item on record", "इस सामान का स्टॉक दर्ज नहीं"),
    "error.store_error": ("The till could not save: {detail}", "टिल सहेज नहीं सका: {detail}"),
    "error.unexpected": ("Something went wrong: {detail}. Nothing was lost.",
                         "कुछ गड़बड़ हुई: {detail}। कुछ भी खोया नहीं।"),
}


def _merge(*sections: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for section in sections:
        twice = merged.keys() & section.keys()
        if twice:
            raise RuntimeError(f"message keys defined twice: {sorted(twice)}")
        merged.update(section)
    return merged


# Sections live in their own modules (one owner each); the catalogue is their union.
MESSAGES: Mapping[str, tuple[str, str]] = _merge(_CORE, COUNTER, PAYMENT, PRINTING, SYNC, MANAGER)


def text(key: str, lang: Lang, /, **fields: object) -> str:
    """The sentence ``key`` in ``lang``, with ``fields`` filled in. An unknown key is a bug
    and raises ``KeyError`` (tests walk every screen, so none reaches a cashier)."""
    english, hindi = MESSAGES[key]
    template = hindi if lang is Lang.HI else english
    return template.format(**fields) if fields else template


def error_text(code: str, lang: Lang, /, **fields: object) -> str:
    """The message for an error ``code``, falling back to the generic one."""
    key = f"error.{code}"
    if key not in MESSAGES:
        return text("error.unexpected", lang, detail=code)
    try:
        return text(key, lang, **fields)
    except (KeyError, IndexError):
        english, hindi = MESSAGES[key]
        return (hindi if lang is Lang.HI else english).split("{")[0].rstrip(" .:")
