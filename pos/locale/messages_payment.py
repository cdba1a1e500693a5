"""Messages of the payment dialog (F12): modes, quick cash, the UPI QR, change, keys.
``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring). The buttons'
key names (F6, Ctrl+1...) are added by the dialog from its key table.
"""

from __future__ import annotations

from collections.abc import Mapping

PAYMENT: Mapping[str, tuple[str, str]] = {
    "payment.qr_changed": (
        "The amount changed after the QR was shown. The customer scans the new QR for "
        "{amount}; press Enter once it is paid.",
        "क्यूआर दिखाने के बाद राशि बदली। ग्राहक {amount} का नया क्यूआर स्कैन करें; भुगतान होने पर "
        "Enter दबाएँ।"),
    # -- going back with payments taken -----------------------------------------------------
    "payment.leave_title": ("Payments already taken", "भुगतान पहले ही लिया गया"),
    "payment.leave_question": (
        "Already taken on this bill: {taken}. Going back forgets them: hand the cash back, and "
        "refund a UPI or card payment or take it again later. Go back anyway?",
        "इस बिल पर पहले ही लिया गया: {taken}। वापस जाने पर ये भूल जाएँगे: नकद लौटाएँ, और यूपीआई "
        "या कार्ड भुगतान लौटाएँ या बाद में फिर से लें। फिर भी वापस जाएँ?"),
    "payment.leave_stay": ("Stay and finish (Enter)", "रुकें और पूरा करें (Enter)"),
    "payment.leave_go": ("Go back without paying (Tab, Enter)",
                         "बिना भुगतान वापस जाएँ (Tab, Enter)"),
    "payment.title": ("Payment", "भुगतान"),
    "payment.due": ("To pay", "देय राशि"),
    "payment.still_due": ("Still to pay (bill {total})", "अभी बाकी (बिल {total})"),
    # -- modes: the names alone (the paid list), the buttons add their key ----------------
    "payment.mode.cash": ("Cash", "नकद"),
    "payment.mode.upi": ("UPI", "यूपीआई"),
    "payment.mode.card": ("Card", "कार्ड"),
    "payment.amount.cash": ("Cash received", "प्राप्त नकद"),
    "payment.amount.upi": ("Amount by UPI", "यूपीआई से राशि"),
    "payment.amount.card": ("Amount on the card", "कार्ड से राशि"),
    "payment.reference.upi": ("UPI reference (UTR: 12 digits, or the last 4)",
                              "यूपीआई संदर्भ (यूटीआर: 12 अंक, या आखिरी 4)"),
    "payment.reference.card": ("Card slip reference", "कार्ड स्लिप का संदर्भ"),
    "payment.exact": ("Exact", "पूरा"),
    "payment.paid": ("Paid so far", "अब तक भुगतान"),
    # -- the panel on the right -----------------------------------------------------------
    "payment.change": ("Change to give", "लौटाने हैं"),
    "payment.rest_after": ("Still to pay after this: {amount}", "इसके बाद बाकी: {amount}"),
    "payment.check_amount": ("Check the amount", "राशि जाँचें"),
    "payment.qr_scan": ("Customer scans to pay {amount}", "ग्राहक {amount} भुगतान हेतु स्कैन करें"),
    "payment.qr_making": ("Making the QR for {amount}…", "{amount} का क्यूआर बन रहा है…"),
    "payment.qr_type_amount": ("Type the UPI amount to show its QR",
                               "क्यूआर के लिए यूपीआई राशि लिखें"),
    "payment.qr_then_reference": ("When the customer's phone says paid, type the UTR and "
                                  "press Enter",
                                  "ग्राहक के फ़ोन पर भुगतान दिखे, तब यूटीआर लिखकर Enter दबाएँ"),
    "payment.card_hint": ("Take {amount} on the card machine, then type the slip's reference "
                          "and press Enter",
                          "कार्ड मशीन पर {amount} लें, फिर स्लिप का संदर्भ लिखकर Enter दबाएँ"),
    # -- buttons: what Enter will do -------------------------------------------------------
    "payment.complete": ("Complete (Enter)", "पूरा करें (Enter)"),
    "payment.complete_change": ("Complete — give back {change} (Enter)",
                                "पूरा करें — {change} लौटाएँ (Enter)"),
    "payment.add_part": ("Add {amount}, then the rest (Enter)", "{amount} जोड़ें, फिर बाकी (Enter)"),
    "payment.next_reference": ("Next: the reference (Enter)", "आगे: संदर्भ (Enter)"),
    "payment.back": ("Back (Esc)", "वापस (Esc)"),
    "payment.keys": ("Enter: add / complete · Ctrl+1–4: quick cash · Esc: back · F9: हिंदी",
                     "Enter: जोड़ें / पूरा करें · Ctrl+1–4: तुरंत नकद · Esc: वापस · F9: English"),
    # -- what happened ---------------------------------------------------------------------
    "payment.added": ("{mode} {amount} added. {rest} still to pay: F6 cash, F7 UPI, F8 card",
                      "{mode} {amount} जुड़ा। {rest} अभी बाकी: F6 नकद, F7 यूपीआई, F8 कार्ड"),
    "payment.zero": ("Type an amount above zero", "शून्य से अधिक राशि लिखें"),
    "payment.over_due": ("UPI and card cannot pay more than the {amount} still due",
                         "यूपीआई और कार्ड बाकी {amount} से अधिक नहीं चुका सकते"),
    "payment.too_much": ("{amount} is more than {limit} above what is due: check the amount",
                         "{amount} देय राशि से {limit} से भी अधिक है: राशि जाँचें"),
}
