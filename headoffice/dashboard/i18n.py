"""The dashboard's words in English and Hindi, and Indian-grouped money (₹1,23,456.50).

Head office may not import the till's ``pos.locale`` (import contracts), and needs little of
it: a few dozen labels and one money format, written out here."""

from __future__ import annotations

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
    "code_made": ("One-time code for {outlet}, valid {minutes} minutes:",
                  "{outlet} के लिए एक बार का कोड, {minutes} मिनट तक मान्य:"),
    "forbidden": ("You may not do this.", "आपको यह करने की अनुमति नहीं है।"),
    "language": ("हिन्दी", "English"),
    "nav_sales": ("Sales", "बिक्री"),
    "nav_products": ("Catalogue", "सूची"),
    "products": ("Products", "उत्पाद"),
    "search": ("Search", "खोजें"),
    "search_hint": ("SKU, name or barcode", "एसकेयू, नाम या बारकोड"),
    "found": ("{total} products — page {page} of {pages}",
              "{total} उत्पाद — पृष्ठ {page} / {pages}"),
    "no_products": ("No product matches.", "कोई उत्पाद नहीं मिला।"),
    "name": ("Name", "नाम"),
    "unit": ("Unit", "इकाई"),
    "mrp": ("MRP", "एमआरपी"),
    "barcode": ("Barcode", "बारकोड"),
    "pages": ("Pages", "पृष्ठ"),
    "previous": ("Previous", "पिछला"),
    "next": ("Next", "अगला"),
    "last_seq": ("Events in", "प्राप्त घटनाएँ"),
    "nav_import": ("Import products", "उत्पाद आयात"),
    "import_title": ("Import products from CSV or Excel", "CSV या Excel से उत्पाद आयात"),
    "import_help": ("Columns: {columns}. Nothing is published until you apply it.",
                    "कॉलम: {columns}। लागू करने से पहले कुछ भी प्रकाशित नहीं होता।"),
    "import_file": ("File (.csv or .xlsx)", "फ़ाइल (.csv या .xlsx)"),
    "check": ("Check the file", "फ़ाइल जाँचें"),
    "report": ("Validation report: {name}", "जाँच रिपोर्ट: {name}"),
    "report_counts": ("{rows} rows: {clean} clean, {bad} with errors.",
                      "{rows} पंक्तियाँ: {clean} सही, {bad} में त्रुटियाँ।"),
    "report_clean": ("Every row is clean.", "सभी पंक्तियाँ सही हैं।"),
    "report_bad": ("Nothing was published: fix these rows, or publish only the clean ones.",
                   "कुछ भी प्रकाशित नहीं हुआ: ये पंक्तियाँ ठीक करें, या केवल सही पंक्तियाँ प्रकाशित करें।"),
    "row": ("Row", "पंक्ति"),
    "sku": ("SKU", "एसकेयू"),
    "problems": ("Problems", "समस्याएँ"),
    "file_error": ("The file cannot be read: {error}", "फ़ाइल पढ़ी नहीं जा सकती: {error}"),
    "apply_all": ("Publish {n} products", "{n} उत्पाद प्रकाशित करें"),
    "apply_clean": ("Publish the {n} clean rows only", "केवल {n} सही पंक्तियाँ प्रकाशित करें"),
    "applied_n": ("Published: {applied} products changed or new ({rows} rows read).",
                  "प्रकाशित: {applied} उत्पाद बदले या नए ({rows} पंक्तियाँ पढ़ी गईं)।"),
    "upload_gone": ("That upload has expired: choose the file again.",
                    "वह अपलोड समाप्त हो गया: फ़ाइल फिर चुनें।"),
    "no_sales": ("No sales yet today.", "आज अभी तक कोई बिक्री नहीं।"),
}


def tr(key: str, locale: str) -> str:
    en, hi = TEXT.get(key, (key, key))
    return hi if locale == "hi" else en


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
