"""Messages of the manager's menu (F10) and its dialogs: open the day, cash in and out, the X
report, void, return, close the day, printer setup's heading. ``key: (English, Hindi)``.

Every prompt says what it is for in its own words: a kiosk session shows no title bar.
Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

MANAGER: Mapping[str, tuple[str, str]] = {
    # -- opening the day -------------------------------------------------------------------
    "manager.open_title": ("Open the day", "दिन खोलें"),
    "manager.open_float": ("Open the day {date} — opening cash (float) in the drawer",
                           "दिन {date} खोलें — दराज़ में शुरुआती नकद"),
    "manager.already_open": ("The day of {date} is already open: nothing to do",
                             "{date} का दिन पहले से खुला है: कुछ करना नहीं"),
    "manager.stale_open": ("The day of {date} is still open: close it first (F10 → Close the "
                           "day)",
                           "{date} का दिन अभी खुला है: पहले उसे बंद करें (F10 → दिन बंद करें)"),
    # -- cash paid in and out --------------------------------------------------------------
    "manager.cash_title.paid_in": ("Cash paid in", "नकद जमा"),
    "manager.cash_title.paid_out": ("Cash paid out", "नकद निकासी"),
    "manager.cash_amount.paid_in": ("Cash paid in — amount put into the drawer",
                                    "नकद जमा — दराज़ में रखी राशि"),
    "manager.cash_amount.paid_out": ("Cash paid out — amount taken from the drawer",
                                     "नकद निकासी — दराज़ से निकाली राशि"),
    "manager.cash_reason.paid_in": ("Cash paid in: {amount} — reason (where it came from)",
                                    "नकद जमा: {amount} — कारण (कहाँ से आया)"),
    "manager.cash_reason.paid_out": ("Cash paid out: {amount} — reason (what it paid for)",
                                     "नकद निकासी: {amount} — कारण (किस पर खर्च)"),
    "manager.cash_done.paid_in": ("Paid in {amount} to the drawer: {reason}",
                                  "दराज़ में {amount} जमा: {reason}"),
    "manager.cash_done.paid_out": ("Paid out {amount} from the drawer: {reason}",
                                   "दराज़ से {amount} निकासी: {reason}"),
    # -- the X report ----------------------------------------------------------------------
    "report.heading": ("X report — the day of {date}, as of {time}",
                       "एक्स रिपोर्ट — {date} का दिन, {time} तक"),
    # -- voiding a bill --------------------------------------------------------------------
    "manager.void_title": ("Void a bill of today", "आज का बिल रद्द करें"),
    "manager.void_number_label": ("Void a bill of today — its number (or scan the receipt QR)",
                                  "आज का बिल रद्द करें — बिल संख्या (या रसीद का क्यूआर स्कैन करें)"),
    "manager.void_reason": ("Void bill {number} ({amount}) — reason",
                            "बिल {number} ({amount}) रद्द — कारण"),
    "void.title": ("Void a bill", "बिल रद्द करें"),
    "void.heading": ("Void bill {number}?", "बिल {number} रद्द करें?"),
    "void.details": ("Sold {date} · {count} items · {amount}\nPaid by {paid}\nReason: {reason}",
                     "बिक्री {date} · {count} सामान · {amount}\nभुगतान {paid}\nकारण: {reason}"),
    "void.more": ("… and {count} more lines", "… और {count} पंक्तियाँ"),
    "void.keys": ("Enter or Esc keeps the bill. To void it: Tab to “Void the bill”, then Enter.",
                  "Enter या Esc: बिल रहेगा। रद्द करने के लिए: Tab से “बिल रद्द करें” पर जाएँ, "
                  "फिर Enter।"),
    "void.confirm": ("Void the bill", "बिल रद्द करें"),
    "void.keep": ("Don't void (Esc)", "रद्द न करें (Esc)"),
    "void.kept": ("Bill {number} was not voided", "बिल {number} रद्द नहीं किया गया"),
    "void.done": ("Bill {number} voided. {what}", "बिल {number} रद्द। {what}"),
    "void.back_cash": ("Give back {amount} cash", "{amount} नकद लौटाएँ"),
    "void.back_other": ("Refund the {mode} payment of {amount}",
                        "{mode} भुगतान {amount} वापस करें"),
    "void.reference": ("(ref. {reference})", "(संदर्भ {reference})"),
    # -- returns ---------------------------------------------------------------------------
    "manager.return_title": ("Return against a bill", "बिल पर वापसी"),
    "manager.return_number": ("Return against a bill — its number (or scan the receipt QR)",
                              "बिल पर वापसी — बिल संख्या (या रसीद का क्यूआर स्कैन करें)"),
    "return.heading": ("Return against bill {number} of {date} ({amount})",
                       "बिल {number} ({date}, {amount}) पर वापसी"),
    "return.keys": ("Type how many of each item come back, or scan the items. Tab: next field "
                    "· Enter: finish · Esc: back · F9: हिंदी",
                    "हर सामान कितना लौट रहा है लिखें, या सामान स्कैन करें। Tab: अगला खाना · "
                    "Enter: पूरा करें · Esc: वापस · F9: English"),
    "return.reference_hint": ("UTR or card slip number of the refund",
                              "वापसी का यूटीआर या कार्ड स्लिप नंबर"),
    "return.reason_hint": ("Why the goods came back", "सामान क्यों लौटा"),
    "return.not_on_bill": ("Scanned {code}: that item is not on this bill",
                           "स्कैन {code}: यह सामान इस बिल में नहीं है"),
    "return.all_back": ("All of {name} is already coming back",
                        "{name} पूरा पहले ही लौट रहा है"),
    "return.nothing_left": ("Everything on bill {number} has already come back",
                            "बिल {number} का सारा सामान पहले ही लौट चुका है"),
    "return.done_cash": ("Credit note {number}: give back {amount} cash",
                         "क्रेडिट नोट {number}: {amount} नकद लौटाएँ"),
    "return.done_refund": ("Credit note {number}: refund {amount} by {mode} (ref. {reference})",
                           "क्रेडिट नोट {number}: {amount} {mode} से वापस करें "
                           "(संदर्भ {reference})"),
    # -- closing the day -------------------------------------------------------------------
    "close.heading": ("Close the day {date}: count the cash in the drawer",
                      "दिन {date} बंद करें: दराज़ का नकद गिनें"),
    "close.keys": ("Type how many of each note and coin. Tab: next · Enter: close the day · "
                   "Esc: back · F9: हिंदी",
                   "हर नोट और सिक्के की गिनती लिखें। Tab: अगला · Enter: दिन बंद करें · "
                   "Esc: वापस · F9: English"),
    "close.done_printing": ("Day closed. Difference {variance}. The Z report is printing.",
                            "दिन बंद। अंतर {variance}। ज़ेड रिपोर्ट छप रही है।"),
    # -- printer setup ---------------------------------------------------------------------
    "printer_setup.keys": ("Tab: next field · Enter: save · Esc: back · F9: हिंदी",
                           "Tab: अगला खाना · Enter: सहेजें · Esc: वापस · F9: English"),
}
