"""The dashboard's words in English and Hindi, and Indian-grouped money (₹1,23,456.50).

Head office may not import the till's ``pos.locale`` (import contracts), and needs little of
it: a few dozen labels and one money format, written out here."""

from __future__ import annotations

from datetime import date, datetime

from headoffice.clock import IST
from pos.domain.money import Paise, to_decimal_string

LOCALES = ("en", "hi")

TEXT: dict[str, tuple[str, str]] = {
    "app": ("Emporium head office", "एम्पोरियम मुख्यालय"),
    "login": ("Log in", "लॉग इन"),
    "logout": ("Log out", "लॉग आउट"),
    "username": ("User name", "उपयोगकर्ता नाम"),
    "password": ("Password", "पासवर्ड"),
    "bad_login": ("Wrong user name or password.", "उपयोगकर्ता नाम या पासवर्ड गलत है।"),
    "too_many": ("Too many attempts. Try again in a few minutes.",
                 "बहुत अधिक प्रयास। कुछ मिनट बाद फिर कोशिश करें।"),
    "today": ("Today's sales", "आज की बिक्री"),
    "outlet": ("Outlet", "आउटलेट"),
    "stall": ("fair stall", "मेला स्टॉल"),
    "shop": ("emporium", "एम्पोरियम"),
    "bills": ("Bills", "बिल"),
    "sales": ("Sales", "बिक्री"),
    "tax": ("GST", "जीएसटी"),
    "refunds": ("Refunds", "वापसी"),
    "net": ("Net", "शुद्ध"),
    "total": ("Total", "कुल"),
    "devices": ("Devices", "उपकरण"),
    "device": ("Device", "उपकरण"),
    "status": ("Status", "स्थिति"),
    "last_seen": ("Last seen", "अंतिम संपर्क"),
    "pending": ("Pending", "बाकी"),
    "series": ("Series", "क्रम"),
    "never": ("never", "कभी नहीं"),
    "active": ("active", "सक्रिय"),
    "suspended": ("suspended", "निलंबित"),
    "revoked": ("revoked", "रद्द"),
    "revoke": ("Revoke", "रद्द करें"),
    "reinstate": ("Reinstate", "बहाल करें"),
    "issues": ("Sync issues", "सिंक समस्याएँ"),
    "no_issues": ("No sync issues.", "कोई सिंक समस्या नहीं।"),
    "event": ("Event", "घटना"),
    "reason": ("Reason", "कारण"),
    "received": ("Received", "प्राप्त"),
    "rejected": ("rejected", "अस्वीकृत"),
    "parked": ("waiting for its sale", "बिक्री की प्रतीक्षा में"),
    "applied": ("applied, flagged", "लागू, चिह्नित"),
    "alerts": ("Alerts", "चेतावनियाँ"),
    "days": ("Day reconciliation", "दिन का मिलान"),
    "date": ("Date", "तारीख"),
    "reconciled": ("reconciled", "मिलान हुआ"),
    "awaiting": ("awaiting documents", "दस्तावेज़ों की प्रतीक्षा"),
    "mismatch": ("does not match", "मेल नहीं खाता"),
    "open": ("open", "खुला"),
    "missing": ("missing", "बाकी दस्तावेज़"),
    "enrol": ("New enrolment code", "नया नामांकन कोड"),
    "make_code": ("Make code", "कोड बनाएँ"),
    "code_made": ("One-time code for {outlet}, valid until {until}:",
                  "{outlet} के लिए एक बार का कोड, {until} तक मान्य:"),
    "code_enter": ("Type it on the new till's enrolment screen. It works once.",
                   "इसे नए टिल की नामांकन स्क्रीन पर डालें। यह एक ही बार काम करता है।"),
    "forbidden": ("You may not do this.", "आपको यह करने की अनुमति नहीं है।"),
    "language": ("हिन्दी", "English"),
    "nav_sales": ("Sales", "बिक्री"),
    "nav_products": ("Catalogue", "सूची"),
    "products": ("Products", "उत्पाद"),
    "search": ("Search", "खोजें"),
    "search_hint": ("SKU, name or barcode", "एसकेयू, नाम या बारकोड"),
    "no_products": ("No product matches.", "कोई उत्पाद नहीं मिला।"),
    "name": ("Name", "नाम"),
    "unit": ("Unit", "इकाई"),
    "hsn": ("HSN", "एचएसएन"),
    "mrp": ("MRP", "एमआरपी"),
    "barcode": ("Barcode", "बारकोड"),
    "pages": ("Pages", "पृष्ठ"),
    "previous": ("Previous", "पिछला"),
    "next": ("Next", "अगला"),
    "last_seq": ("Events in", "प्राप्त घटनाएँ"),
    "enrolled": ("enrolled {when}", "{when} को नामांकित"),
    "just_now": ("just now", "अभी"),
    "cash_expected": ("Cash expected", "अपेक्षित नकद"),
    "cash_counted": ("Cash counted", "गिना गया नकद"),
    "till_says": ("till: {value}", "टिल: {value}"),
    "differences": ("Differs", "अंतर"),
    "nav_import": ("Import products", "उत्पाद आयात"),
    "import_title": ("Import products from CSV or Excel", "CSV या Excel से उत्पाद आयात"),
    "import_help": ("Columns: {columns}. Nothing is published until you apply it.",
                    "कॉलम: {columns}। लागू करने से पहले कुछ भी प्रकाशित नहीं होता।"),
    "import_file": ("File (.csv or .xlsx)", "फ़ाइल (.csv या .xlsx)"),
    "check": ("Check the file", "फ़ाइल जाँचें"),
    "report": ("Validation report: {name}", "जाँच रिपोर्ट: {name}"),
    "report_counts": ("{rows}: {clean} clean, {bad} with errors.",
                      "{rows}: {clean} सही, {bad} में त्रुटियाँ।"),
    "report_clean": ("Every row is clean.", "सभी पंक्तियाँ सही हैं।"),
    "report_bad": ("Nothing was published: fix these rows, or publish only the clean ones.",
                   "कुछ भी प्रकाशित नहीं हुआ: ये पंक्तियाँ ठीक करें, या केवल सही पंक्तियाँ प्रकाशित करें।"),
    "row": ("Row", "पंक्ति"),
    "sku": ("SKU", "एसकेयू"),
    "problems": ("Problems", "समस्याएँ"),
    "file_error": ("The file cannot be read: {error}", "फ़ाइल पढ़ी नहीं जा सकती: {error}"),
    "upload_gone": ("That upload has expired: choose the file again.",
                    "वह अपलोड समाप्त हो गया: फ़ाइल फिर चुनें।"),
    "no_sales": ("No sales yet today.", "आज अभी तक कोई बिक्री नहीं।"),
    # outlets and fair stalls
    "nav_outlets": ("Outlets & stalls", "आउटलेट और स्टॉल"),
    "outlets_title": ("Outlets and fair stalls", "आउटलेट और मेला स्टॉल"),
    "outlet_new": ("New fair stall or outlet", "नया मेला स्टॉल या आउटलेट"),
    "outlet_saved": ("Saved {outlet}: its tills get the change at their next sync.",
                     "{outlet} सहेजा गया: इसके टिल अगली सिंक पर बदलाव पा लेंगे।"),
    "read_only": ("You can look but not change this: only an admin can.",
                  "आप इसे देख सकते हैं, बदल नहीं सकते: यह केवल एडमिन कर सकते हैं।"),
    "state": ("State", "राज्य"),
    "validity": ("Valid", "वैधता"),
    "v_upcoming": ("upcoming", "आगामी"),
    "v_open": ("open", "चालू"),
    "v_ended": ("ended", "समाप्त"),
    "no_end": ("no end date", "कोई अंतिम तिथि नहीं"),
    "upi_id": ("UPI id", "यूपीआई आईडी"),
    "inactive": ("inactive", "निष्क्रिय"),
    "casual_short": ("casual taxable person", "आकस्मिक करयोग्य व्यक्ति"),
    "sec_identity": ("Outlet", "आउटलेट"),
    "sec_tax": ("GST registration", "जीएसटी पंजीकरण"),
    "sec_series": ("Invoice series", "बीजक क्रम"),
    "sec_upi": ("UPI payments", "यूपीआई भुगतान"),
    "sec_receipt": ("Address and receipt", "पता और रसीद"),
    "outlet_id": ("Outlet code", "आउटलेट कोड"),
    "kind": ("Kind", "प्रकार"),
    "name_en": ("Name (English)", "नाम (अंग्रेज़ी)"),
    "name_hi": ("Name (Hindi)", "नाम (हिन्दी)"),
    "legal_name": ("Legal name (as registered)", "वैधानिक नाम (पंजीकरण अनुसार)"),
    "active_outlet": ("Active: tills may enrol and sell here",
                      "सक्रिय: यहाँ टिल नामांकित होकर बेच सकते हैं"),
    "gstin": ("GSTIN", "जीएसटीआईएन"),
    "casual": ("Casual taxable person (temporary GSTIN for a fair)",
               "आकस्मिक करयोग्य व्यक्ति (मेले के लिए अस्थायी जीएसटीआईएन)"),
    "valid_from": ("Valid from", "से मान्य"),
    "valid_to": ("Valid until", "तक मान्य"),
    "invoice_prefix": ("Invoice prefix", "बीजक उपसर्ग"),
    "credit_prefix": ("Credit-note prefix", "क्रेडिट नोट उपसर्ग"),
    "prefix_locked": ("Fixed: series were already handed out to this outlet's tills "
                      "({n} enrolled now).",
                      "स्थिर: इस आउटलेट के टिलों को क्रम पहले ही दिए जा चुके हैं "
                      "(अभी {n} नामांकित)।"),
    "upi_payee": ("Payee name shown in the UPI app", "यूपीआई ऐप में दिखने वाला प्राप्तकर्ता नाम"),
    "upi_mcc": ("Merchant category code", "व्यापारी श्रेणी कोड"),
    "address_en": ("Address (English)", "पता (अंग्रेज़ी)"),
    "address_hi": ("Address (Hindi)", "पता (हिन्दी)"),
    "phone": ("Phone", "फ़ोन"),
    "header_en": ("Receipt header (English)", "रसीद शीर्षक (अंग्रेज़ी)"),
    "header_hi": ("Receipt header (Hindi)", "रसीद शीर्षक (हिन्दी)"),
    "footer_en": ("Receipt footer (English)", "रसीद पाद (अंग्रेज़ी)"),
    "footer_hi": ("Receipt footer (Hindi)", "रसीद पाद (हिन्दी)"),
    "hint_id": ("Letters, digits, '-' and '_'; cannot be changed later.",
                "अक्षर, अंक, '-' और '_'; बाद में बदला नहीं जा सकता।"),
    "hint_gstin": ("15 characters; the first two are the state code.",
                   "15 अक्षर; पहले दो अंक राज्य कोड हैं।"),
    "hint_dates": ("A fair stall sells only between these dates.",
                   "मेला स्टॉल केवल इन तारीखों के बीच बेचता है।"),
    "hint_prefix": ("Each till gets its own series built on these: the first till the prefix "
                    "itself, the next ones the prefix with 2, 3... added; fixed once a till "
                    "enrols.",
                    "हर टिल को इन पर बना अपना क्रम मिलता है: पहले टिल को यही उपसर्ग, अगले "
                    "टिलों को इसके बाद 2, 3... जोड़कर; पहला टिल नामांकित होते ही स्थिर।"),
    "hint_prefix_example": ("Each till gets its own series built on these ({a}, {b}, {c}...); "
                            "fixed once a till enrols.",
                            "हर टिल को इन पर बना अपना क्रम मिलता है ({a}, {b}, {c}...); "
                            "पहला टिल नामांकित होते ही स्थिर।"),
    "errors_listed": ("Nothing was saved: correct these fields.",
                      "कुछ भी सहेजा नहीं गया: ये खाने ठीक करें।"),
    "hint_vpa": ("Like name@bank; printed as the receipt's payment QR.",
                 "जैसे name@bank; रसीद के भुगतान क्यूआर में छपता है।"),
    "save": ("Save and publish", "सहेजें और प्रकाशित करें"),
    "save_hint": ("Tills get the change at their next sync.",
                  "टिल अगली सिंक पर बदलाव पा लेंगे।"),
    "form_has_errors": ("Nothing was saved: correct the fields marked in red.",
                        "कुछ भी सहेजा नहीं गया: लाल रंग में चिह्नित खाने ठीक करें।"),
    "err_required": ("Required.", "आवश्यक है।"),
    "err_too_long": ("At most {limit} characters.", "अधिकतम {limit} अक्षर।"),
    "err_id": ("Use letters, digits, '-' and '_' (at most 32).",
               "अक्षर, अंक, '-' और '_' का उपयोग करें (अधिकतम 32)।"),
    "err_id_taken": ("This code is already used.", "यह कोड पहले से उपयोग में है।"),
    "err_invalid": ("Not valid: {reason}", "मान्य नहीं: {reason}"),
    "err_refused": ("Head office refused the change: {reason}",
                    "मुख्यालय ने बदलाव अस्वीकार किया: {reason}"),
    "err_date": ("Not a date (YYYY-MM-DD).", "तारीख नहीं है (YYYY-MM-DD)।"),
    "err_dates_order": ("Ends before it starts.", "शुरू होने से पहले समाप्त होता है।"),
    "err_stall_dates": ("A fair stall needs both dates of its registration.",
                        "मेला स्टॉल को पंजीकरण की दोनों तारीखें चाहिए।"),
    "err_gstin": ("Not a valid GSTIN: check its 15 characters and the last (check) one.",
                  "मान्य जीएसटीआईएन नहीं: 15 अक्षर और अंतिम (जाँच) अक्षर देखें।"),
    "err_gstin_state": ("This GSTIN belongs to another state: it must start with {state}.",
                        "यह जीएसटीआईएन दूसरे राज्य का है: यह {state} से शुरू होना चाहिए।"),
    "err_prefix": ("Use A-Z, 0-9 and '-', not starting with 0 or '-'.",
                   "A-Z, 0-9 और '-' का उपयोग करें; 0 या '-' से शुरू न करें।"),
    "err_prefix_used": ("Already used by {outlet}.", "{outlet} पहले से इसका उपयोग करता है।"),
    "err_prefix_same": ("Must differ from the invoice prefix.",
                        "बीजक उपसर्ग से अलग होना चाहिए।"),
    "err_vpa": ("Not a UPI id: it looks like name@bank.",
                "यूपीआई आईडी नहीं: यह name@bank जैसी होती है।"),
    "err_payee": ("Required with a UPI id.", "यूपीआई आईडी के साथ आवश्यक है।"),
    "err_mcc": ("Four digits (5999 for retail).", "चार अंक (खुदरा के लिए 5999)।"),
    "err_phone": ("Digits, spaces, '+', '-' and brackets only.",
                  "केवल अंक, स्पेस, '+', '-' और कोष्ठक।"),
    # staff
    "nav_staff": ("Staff", "कर्मचारी"),
    "staff_title": ("Staff at the tills", "टिल के कर्मचारी"),
    "staff_new": ("Add a person", "व्यक्ति जोड़ें"),
    "staff_saved": ("Saved {who}: the tills of their outlets get it at their next sync.",
                    "{who} सहेजा गया: उनके आउटलेट के टिल अगली सिंक पर पा लेंगे।"),
    "staff_id": ("Staff code", "कर्मचारी कोड"),
    "sec_person": ("Person", "व्यक्ति"),
    "role": ("Role", "भूमिका"),
    "role_cashier": ("cashier", "कैशियर"),
    "role_supervisor": ("supervisor", "पर्यवेक्षक"),
    "role_manager": ("manager", "प्रबंधक"),
    "role_admin": ("admin", "एडमिन"),
    "role_accounts": ("accounts", "लेखा"),
    "role_catalogue": ("catalogue", "सूची प्रबंधक"),
    "role_viewer": ("viewer", "दर्शक"),
    "outlets": ("Outlets", "आउटलेट"),
    "active_staff": ("Active: may log in at the tills", "सक्रिय: टिल पर लॉग इन कर सकते हैं"),
    "pin": ("PIN", "पिन"),
    "pin_new": ("New PIN (4 to 8 digits)", "नया पिन (4 से 8 अंक)"),
    "pin_again": ("The same PIN again", "वही पिन दोबारा"),
    "pin_hint_new": ("The person types this PIN to log in at the till.",
                     "व्यक्ति टिल पर लॉग इन करने के लिए यह पिन डालता है।"),
    "pin_hint_edit": ("Leave empty to keep the current PIN.",
                      "मौजूदा पिन रखने के लिए खाली छोड़ें।"),
    "err_pin": ("A PIN is 4 to 8 digits.", "पिन 4 से 8 अंकों का होता है।"),
    "err_pin_again": ("The two PINs differ.", "दोनों पिन अलग हैं।"),
    "err_pin_retype": ("Type the PIN again (it is never sent back to the page).",
                       "पिन फिर से डालें (यह पृष्ठ पर वापस नहीं भेजा जाता)।"),
    "err_no_outlet": ("An active person needs at least one outlet.",
                      "सक्रिय व्यक्ति के लिए कम से कम एक आउटलेट चाहिए।"),
    # replacing a device
    "replace": ("Replace / re-enrol", "बदलें / पुनः नामांकन"),
    "replace_hint": ("A one-time code for a new till; this one is revoked when it enrols.",
                     "नए टिल के लिए एक बार का कोड; उसके नामांकित होते ही यह रद्द हो जाएगा।"),
    "code_replaces": ("The till that enrols with it replaces {label} (series {series}), which "
                      "is then revoked. Any earlier replacement code for it no longer works.",
                      "इससे नामांकित होने वाला टिल {label} (क्रम {series}) की जगह लेगा, जो "
                      "तब रद्द हो जाएगा। इसका कोई पिछला बदलने का कोड अब काम नहीं करेगा।"),
    "replace_unknown": ("{label} has not said whether it still has sales to send since it "
                        "last sent some (last seen {ago}).",
                        "{label} ने पिछली बार बिक्री भेजने के बाद यह नहीं बताया कि कुछ भेजना "
                        "बाकी है या नहीं (अंतिम संपर्क {ago})।"),
    "replace_consequence": ("Once the new till enrols, this one is revoked and can never send "
                            "them: if it still works, let it sync first.",
                            "नया टिल नामांकित होते ही यह रद्द हो जाएगा और उन्हें कभी नहीं भेज "
                            "पाएगा: अगर यह अभी चलता है, तो पहले सिंक होने दें।"),
    "replace_lost_noted": ("You said the old laptop is lost: these sales are lost with it once "
                           "the new till enrols.",
                           "आपने बताया कि पुराना लैपटॉप खो गया है: नया टिल नामांकित होते ही "
                           "यह बिक्री भी उसके साथ खो जाएगी।"),
    "replace_lost": ("The old laptop is lost; its unsent sales are lost with it.",
                     "पुराना लैपटॉप खो गया है; उसकी न भेजी गई बिक्री भी उसके साथ खो गई है।"),
    "replace_confirm": ("Make the replacement code", "बदलने का कोड बनाएँ"),
    "replace_cancel": ("Go back", "वापस जाएँ"),
    "replace_title": ("Replace {label} (series {series})", "{label} (क्रम {series}) को बदलें"),
    "dev_unsent_events": ("Tick the box to confirm the old laptop is lost, or let it sync "
                          "first.",
                          "पुराना लैपटॉप खो जाने की पुष्टि के लिए बॉक्स चुनें, या पहले उसे "
                          "सिंक होने दें।"),
    "dev_device_revoked": ("That device is already revoked: make an ordinary enrolment code.",
                           "वह उपकरण पहले ही रद्द है: साधारण नामांकन कोड बनाएँ।"),
    "dev_unknown_device": ("No such device.", "ऐसा कोई उपकरण नहीं।"),
    "dev_outlet_inactive": ("The outlet is not active.", "आउटलेट सक्रिय नहीं है।"),
    "dev_unknown_outlet": ("No such outlet.", "ऐसा कोई आउटलेट नहीं।"),
}


# Words that change with a number ``n``: key → ((English one, other), (Hindi one, other)).
PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "found": (("{n} product — page {page} of {pages}", "{n} products — page {page} of {pages}"),
              ("{n} उत्पाद — पृष्ठ {page} / {pages}", "{n} उत्पाद — पृष्ठ {page} / {pages}")),
    "n_rows": (("{n} row", "{n} rows"), ("{n} पंक्ति", "{n} पंक्तियाँ")),
    "n_rows_read": (("{n} row read", "{n} rows read"),
                    ("{n} पंक्ति पढ़ी गई", "{n} पंक्तियाँ पढ़ी गईं")),
    "apply_all": (("Publish {n} product", "Publish {n} products"),
                  ("{n} उत्पाद प्रकाशित करें", "{n} उत्पाद प्रकाशित करें")),
    "apply_clean": (("Publish the {n} clean row only", "Publish the {n} clean rows only"),
                    ("केवल {n} सही पंक्ति प्रकाशित करें", "केवल {n} सही पंक्तियाँ प्रकाशित करें")),
    "applied_n": (("Published: {n} product changed or new ({rows}).",
                   "Published: {n} products changed or new ({rows})."),
                  ("प्रकाशित: {n} उत्पाद बदला या नया ({rows})।",
                   "प्रकाशित: {n} उत्पाद बदले या नए ({rows})।")),
    "replace_pending": (("{label} last reported {n} event not yet sent (last seen {ago}).",
                         "{label} last reported {n} events not yet sent (last seen {ago})."),
                        ("{label} ने पिछली बार {n} घटना भेजनी बाकी बताई (अंतिम संपर्क {ago})।",
                         "{label} ने पिछली बार {n} घटनाएँ भेजनी बाकी बताईं (अंतिम संपर्क "
                         "{ago})।")),
    "ago_s": (("{n} s ago", "{n} s ago"), ("{n} सेकंड पहले", "{n} सेकंड पहले")),
    "ago_min": (("{n} min ago", "{n} min ago"), ("{n} मिनट पहले", "{n} मिनट पहले")),
    "ago_h": (("{n} h ago", "{n} h ago"), ("{n} घंटा पहले", "{n} घंटे पहले")),
    "ago_d": (("{n} day ago", "{n} days ago"), ("{n} दिन पहले", "{n} दिन पहले")),
}


def plural_one(n: int, locale: str) -> bool:
    """CLDR's "one": exactly 1 in English; 0 and 1 in Hindi."""
    return n in (0, 1) if locale == "hi" else n == 1


def tr(key: str, locale: str, n: int | None = None) -> str:
    """``key``'s words in ``locale`` (the key itself when unknown); for a key of
    :data:`PLURALS`, the form for ``n``."""
    if key in PLURALS:
        en, hi = PLURALS[key]
        one, other = hi if locale == "hi" else en
        return one if n is not None and plural_one(n, locale) else other
    en_text, hi_text = TEXT.get(key, (key, key))
    return hi_text if locale == "hi" else en_text


def text(key: str, locale: str, **values: object) -> str:
    """``key`` in ``locale`` with ``values`` put in (``n`` picks a plural form)."""
    n = values.get("n")
    return tr(key, locale, n if isinstance(n, int) else None).format(**values)


def day(value: date | None) -> str:
    """A date day first, as the tills print it: ``22-11-2026``."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def moment(value: datetime | None) -> str:
    """A moment in India's time, day first: ``22-11-2026 14:05``."""
    return value.astimezone(IST).strftime("%d-%m-%Y %H:%M") if value is not None else ""


def inr(amount: Paise) -> str:
    """``123456750`` → ``₹12,34,567.50`` (Indian grouping: last three digits, then pairs)."""
    text = to_decimal_string(amount)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return f"{sign}₹{','.join([*groups, tail])}.{frac}"
