"""Messages of the billing screen's additions (customer details, price override, price notice).
``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

COUNTER: Mapping[str, tuple[str, str]] = {
    # -- buttons and help ----------------------------------------------------------------
    "billing.customer_key": ("Customer (F6)", "ग्राहक (F6)"),
    "billing.price_key": ("Change price (F7)", "मूल्य बदलें (F7)"),
    "help.f6": ("Customer details: GSTIN for a business, name and address",
                "ग्राहक विवरण: व्यापार के लिए जीएसटीआईएन, नाम और पता"),
    "help.f7": ("Change the selected item's price (manager's PIN and a reason)",
                "चुने सामान का मूल्य बदलें (प्रबंधक का पिन और कारण)"),
    "help.shift_f5": ("Bill the changed catalogue prices (when the notice says so)",
                      "बदले हुए कैटलॉग मूल्य लगाएँ (जब सूचना दिखे)"),
    # -- common buttons and the help's sections -------------------------------------------
    "dialog.ok": ("OK (Enter)", "ठीक है (Enter)"),
    "dialog.cancel": ("Back (Esc)", "वापस (Esc)"),
    "dialog.close": ("Close (Esc)", "बंद करें (Esc)"),
    "help.section_bill": ("On the bill", "बिल पर"),
    "help.section_till": ("The till", "टिल"),
    "help.section_pay": ("Taking payment (F12)", "भुगतान लेते समय (F12)"),
    "help.pay_quick": ("Quick cash notes (Exact completes at once)",
                       "तुरंत नकद नोट (सटीक राशि तुरंत पूरा करती है)"),
    "help.pay_enter": ("Add this part, or complete when the bill is covered",
                       "यह हिस्सा जोड़ें, या बिल पूरा होने पर भुगतान पूरा करें"),
    "help.pay_esc": ("Back to the bill (nothing is saved)", "बिल पर वापस (कुछ सहेजा नहीं जाता)"),
    "help.ctrl_s": ("Sync with head office: state, send now, what it did not take",
                    "मुख्यालय से सिंक: स्थिति, अभी भेजें, जो स्वीकार नहीं हुआ"),
    "approve.discount_limit": ("A discount of {asked} is above your limit of {limit}: a "
                               "manager approves it with their PIN.",
                               "{asked} की छूट आपकी सीमा {limit} से अधिक है: प्रबंधक अपने पिन से "
                               "मंज़ूरी दें।"),
    "billing.day_closed": ("The day is closed: a manager opens the next one (F10 → Open the "
                           "day) before billing", "दिन बंद है: बिल से पहले प्रबंधक अगला दिन खोलें "
                           "(F10 → दिन खोलें)"),
    # -- scans outside the scan box ----------------------------------------------------------
    "scan.kept": ("Scanned {code}: it goes on the bill when this window closes ({count} waiting)",
                  "स्कैन {code}: यह विंडो बंद होते ही बिल में जुड़ेगा ({count} प्रतीक्षा में)"),
    "scan.log_in_first": ("Log in first, then scan", "पहले लॉग इन करें, फिर स्कैन करें"),
    # -- customer details ----------------------------------------------------------------
    "customer.title": ("Customer details", "ग्राहक विवरण"),
    "customer.gstin": ("Customer's GSTIN (business buyers)", "ग्राहक का जीएसटीआईएन (व्यापारी ग्राहक)"),
    "customer.gstin_hint": ("15 characters, e.g. 27AAPFU0939F1ZV — empty for a shopper",
                            "15 अक्षर, जैसे 27AAPFU0939F1ZV — आम ग्राहक के लिए खाली"),
    "customer.name": ("Name", "नाम"),
    "customer.address": ("Address", "पता"),
    "customer.state": ("State", "राज्य"),
    "customer.why_b2b": ("A business buyer: GSTIN, name, address and state go on the invoice.",
                         "व्यापारी ग्राहक: जीएसटीआईएन, नाम, पता और राज्य बिल पर छपेंगे।"),
    "customer.why_amount": ("Taxable value {amount}: from ₹50,000 the invoice must show the "
                            "buyer's name, address and state.",
                            "कर योग्य मूल्य {amount}: ₹50,000 से ऊपर बिल पर ग्राहक का नाम, "
                            "पता और राज्य ज़रूरी है।"),
    "customer.why_optional": ("Optional: print the buyer's name and address on the invoice.",
                              "वैकल्पिक: बिल पर ग्राहक का नाम और पता छापें।"),
    "customer.gstin_ok": ("Valid GSTIN · registered in {state}",
                          "सही जीएसटीआईएन · {state} में पंजीकृत"),
    "customer.gstin_typing": ("15 characters, like 27AAPFU0939F1ZV",
                              "15 अक्षर, जैसे 27AAPFU0939F1ZV"),
    "customer.supply": ("Sold over the counter here: CGST + SGST of {state}, whatever the "
                        "buyer's state.",
                        "यहीं काउंटर पर बिक्री: {state} का सीजीएसटी + एसजीएसटी, ग्राहक का राज्य "
                        "कोई भी हो।"),
    "customer.save": ("Save (Enter)", "सहेजें (Enter)"),
    "customer.clear": ("Remove buyer", "ग्राहक हटाएँ"),
    "customer.cancel": ("Back (Esc)", "वापस (Esc)"),
    "customer.on_bill": ("Buyer: {name}", "ग्राहक: {name}"),
    "customer.on_bill_b2b": ("Buyer: {name} · GSTIN {gstin}", "ग्राहक: {name} · जीएसटीआईएन {gstin}"),
    "customer.saved": ("Customer details kept on this bill", "ग्राहक विवरण इस बिल पर रखा गया"),
    "customer.needed": ("Taxable value is ₹50,000 or more: fill in the customer's details",
                        "कर योग्य मूल्य ₹50,000 या अधिक: ग्राहक का विवरण भरें"),
    "error.bad_gstin": ("That GSTIN is not valid: check the 15 characters",
                        "यह जीएसटीआईएन सही नहीं: 15 अक्षर जाँचें"),
    "error.gstin_state_mismatch": ("The state is not the GSTIN's state",
                                   "राज्य जीएसटीआईएन के राज्य से मेल नहीं खाता"),
    "error.customer_required": ("Fill in the customer's name, address and state",
                                "ग्राहक का नाम, पता और राज्य भरें"),
    # -- price override --------------------------------------------------------------------
    "price.title": ("Change price", "मूल्य बदलें"),
    "price.prompt": ("New price of one {name}, tax included (now {price})",
                     "एक {name} का नया मूल्य, कर सहित (अभी {price})"),
    "price.reason": ("Why is the price changed? (goes in the audit log)",
                     "मूल्य क्यों बदला? (ऑडिट में दर्ज होगा)"),
    "approve.price": ("Changing {name} from {old} to {new} needs a manager's PIN.",
                      "{name} का मूल्य {old} से {new} करने के लिए प्रबंधक का पिन चाहिए।"),
    "price.done": ("{name} now billed at {price}", "{name} अब {price} पर"),
    # -- catalogue prices changed while the bill is open -----------------------------------
    "prices.changed": ("Prices of {count} items changed since this bill started — Shift+F5 "
                       "bills the new prices; otherwise they stay as scanned.",
                       "इस बिल के शुरू होने के बाद {count} सामानों के मूल्य बदले — नए मूल्य के लिए "
                       "Shift+F5; वरना स्कैन वाले मूल्य रहेंगे।"),
    "prices.changed_one": ("The price of {name} changed since it was scanned — Shift+F5 "
                           "bills the new price; otherwise it stays as scanned.",
                           "{name} का मूल्य स्कैन के बाद बदला — नए मूल्य के लिए Shift+F5; वरना "
                           "स्कैन वाला मूल्य रहेगा।"),
    "prices.refreshed": ("New prices billed for {count} items", "{count} सामानों पर नए मूल्य लगे"),
    "prices.nothing": ("No price has changed on this bill", "इस बिल में कोई मूल्य नहीं बदला"),
}
