"""Messages of enrolment, the sync status chip and the sync issues screen:
``key: (English, Hindi)``.

Part of the one catalogue in :mod:`pos.locale.messages` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

SYNC: Mapping[str, tuple[str, str]] = {
    # -- the status chip ------------------------------------------------------------------
    "sync.chip.ok": ("Head office: all sent · {when}", "मुख्यालय: सब भेजा · {when}"),
    "sync.chip.ok_never": ("Head office: all sent", "मुख्यालय: सब भेजा"),
    "sync.chip.pending": ("Head office: {count} to send · oldest {age}",
                          "मुख्यालय: {count} भेजने बाकी · सबसे पुराना {age}"),
    "sync.chip.syncing": ("Head office: sending…", "मुख्यालय: भेज रहे हैं…"),
    "sync.chip.offline": ("Offline · {count} kept on this till · last sync {when}",
                          "ऑफ़लाइन · {count} इसी टिल पर सुरक्षित · पिछला सिंक {when}"),
    "sync.chip.offline_never": ("Offline · {count} kept on this till",
                                "ऑफ़लाइन · {count} इसी टिल पर सुरक्षित"),
    "sync.chip.unauthorized": ("Head office refused this till · selling goes on (Ctrl+S)",
                               "मुख्यालय ने इस टिल को रोका · बिक्री जारी (Ctrl+S)"),
    "sync.chip.suspended": ("This till is suspended at head office · selling goes on (Ctrl+S)",
                            "यह टिल मुख्यालय पर निलंबित · बिक्री जारी (Ctrl+S)"),
    "sync.chip.elsewhere": ("Sync runs in another window of this till",
                            "सिंक इस टिल की दूसरी विंडो में चल रहा है"),
    "sync.chip.error": ("Head office error · {count} kept, retrying",
                        "मुख्यालय त्रुटि · {count} सुरक्षित, फिर कोशिश"),
    "sync.chip.not_enrolled": ("Not connected to head office · {count} kept on this till",
                               "मुख्यालय से नहीं जुड़ा · {count} इसी टिल पर सुरक्षित"),
    "sync.chip.issues": ("{count} to check (Ctrl+S)", "{count} जाँचें (Ctrl+S)"),
    "sync.age.minutes": ("{n} min", "{n} मिनट"),
    "sync.age.hours": ("{n} h", "{n} घंटे"),
    "sync.age.days": ("{n} days", "{n} दिन"),
    "sync.age.now": ("just now", "अभी"),
    # -- the sync screen ------------------------------------------------------------------
    "sync.title": ("Head office sync", "मुख्यालय सिंक"),
    "sync.now": ("Sync now", "अभी सिंक करें"),
    "sync.close": ("Close", "बंद करें"),
    "sync.unenrol": ("Disconnect this till", "यह टिल अलग करें"),
    "sync.unenrol_keep": ("Keep it connected (Enter)", "जुड़ा रहने दें (Enter)"),
    "sync.unenrol_go": ("Disconnect (Tab, Enter)", "अलग करें (Tab, Enter)"),
    "sync.unenrol_confirm": ("Disconnect this till from head office? It will need a new "
                             "enrolment code to sync again.",
                             "इस टिल को मुख्यालय से अलग करें? फिर से सिंक के लिए नया नामांकन "
                             "कोड चाहिए होगा।"),
    "sync.unenrolled": ("Disconnected. Restart the till to enrol it again.",
                        "अलग हो गया। फिर नामांकन के लिए टिल दोबारा शुरू करें।"),
    "sync.server": ("Head office: {url}", "मुख्यालय: {url}"),
    "sync.summary": ("{pending} waiting to be sent · last success {when}",
                     "{pending} भेजने बाकी · पिछली सफलता {when}"),
    "sync.never": ("never", "कभी नहीं"),
    "sync.next": ("Next attempt {when}", "अगला प्रयास {when}"),
    "sync.no_issues": ("Nothing to check: head office took every event as it was.",
                       "जाँचने को कुछ नहीं: मुख्यालय ने हर घटना जैसी थी वैसी ली।"),
    "sync.col.document": ("Document", "दस्तावेज़"),
    "sync.col.kind": ("What", "क्या"),
    "sync.col.date": ("Business date", "कारोबारी तिथि"),
    "sync.col.status": ("Status", "स्थिति"),
    "sync.col.reason": ("Why", "क्यों"),
    "sync.status.flagged": ("Accepted, to check", "स्वीकार, जाँचें"),
    "sync.status.parked": ("Waiting for its bill", "अपने बिल की प्रतीक्षा"),
    "sync.status.rejected": ("Refused, kept aside", "अस्वीकार, अलग रखा"),
    "sync.status.mismatch": ("Differs from head office's copy", "मुख्यालय की प्रति से भिन्न"),
    "sync.kind.sale": ("Sale", "बिक्री"),
    "sync.kind.void": ("Void", "रद्द बिल"),
    "sync.kind.credit_note": ("Return", "वापसी"),
    "sync.kind.day_open": ("Day opened", "दिन खुला"),
    "sync.kind.day_close": ("Day closed", "दिन बंद"),
    "sync.kind.cash_movement": ("Cash in/out", "नकद आवक/जावक"),
    "sync.kind.stock_move": ("Stock", "स्टॉक"),
    "sync.flag.negative_stock": ("sold more than the stock on record",
                                 "दर्ज स्टॉक से अधिक बिका"),
    "sync.flag.price_differs": ("price differs from the catalogue",
                                "मूल्य सूची से भिन्न"),
    "sync.flag.late_arrival": ("arrived after head office closed the day",
                               "मुख्यालय के दिन बंद करने के बाद पहुँचा"),
    "sync.flag.recompute_mismatch": ("head office's arithmetic differs",
                                     "मुख्यालय की गणना भिन्न"),
    "sync.flag.clock_ahead": ("this till's clock was ahead", "इस टिल की घड़ी आगे थी"),
    "sync.flag.unknown_product": ("item not in head office's catalogue",
                                  "सामान मुख्यालय की सूची में नहीं"),
    "sync.flag.outside_stall_dates": ("sold outside the stall's dates",
                                      "स्टॉल की तिथियों के बाहर बिका"),
    "sync.flag.return_too_much": ("returns more than was sold", "बिके से अधिक वापसी"),
    "sync.flag.cross_outlet_return": ("return of another outlet's bill",
                                      "दूसरे आउटलेट के बिल की वापसी"),
    "sync.flag.other": ("to check: {code}", "जाँचें: {code}"),
    "sync.reason.parked": ("the bill it returns has not reached head office yet",
                           "जिस बिल की वापसी है वह अभी मुख्यालय नहीं पहुँचा"),
    "sync.reason.other": ("head office says: {detail}", "मुख्यालय का कहना: {detail}"),
    "sync.state.unauthorized": (
        "Head office no longer accepts this till (revoked). Sales are kept here; ask head "
        "office for a new enrolment code.",
        "मुख्यालय अब यह टिल स्वीकार नहीं करता (रद्द)। बिक्री यहीं सुरक्षित है; मुख्यालय से नया "
        "नामांकन कोड माँगें।"),
    "sync.state.suspended": (
        "Head office suspended this till (its records clash with head office's). Sales are "
        "kept here; call head office.",
        "मुख्यालय ने यह टिल निलंबित किया (इसके रिकॉर्ड मुख्यालय से टकराते हैं)। बिक्री यहीं "
        "सुरक्षित है; मुख्यालय को फ़ोन करें।"),
    "sync.state.offline": ("Head office cannot be reached. Everything is kept on this till "
                           "and sent when the network is back.",
                           "मुख्यालय तक नहीं पहुँच पा रहे। सब इसी टिल पर सुरक्षित है और नेटवर्क "
                           "लौटते ही भेजा जाएगा।"),
    # -- enrolment ------------------------------------------------------------------------
    "enrol.title": ("Connect this till to head office", "इस टिल को मुख्यालय से जोड़ें"),
    "enrol.intro": ("Head office gives a one-time enrolment code for your outlet or fair "
                    "stall. It works once, for a short time.",
                    "मुख्यालय आपके आउटलेट या मेला स्टॉल के लिए एक बार का नामांकन कोड देता है। "
                    "यह एक ही बार, थोड़े समय के लिए चलता है।"),
    "enrol.server": ("Head office address", "मुख्यालय का पता"),
    "enrol.code": ("Enrolment code", "नामांकन कोड"),
    "enrol.label": ("Name of this till", "इस टिल का नाम"),
    "enrol.go": ("Connect (Enter)", "जोड़ें (Enter)"),
    "enrol.stage.enrol": ("Asking head office…", "मुख्यालय से पूछ रहे हैं…"),
    "enrol.stage.snapshot": ("Loading the catalogue: {done} of {total}",
                             "सूची लोड हो रही है: {total} में से {done}"),
    "enrol.done": ("Connected to {outlet}. Invoice series {series}.",
                   "{outlet} से जुड़ गया। बिल श्रृंखला {series}।"),
    "enrol.no_catalogue": ("Connected, but the catalogue could not be loaded yet: it will "
                           "load when the network allows.",
                           "जुड़ गया, पर सूची अभी लोड नहीं हो सकी: नेटवर्क मिलते ही लोड होगी।"),
    # -- errors (codes raised by enrolment) -------------------------------------------------
    "error.sync_unavailable": ("Sync with head office is not running on this till (see the "
                               "log); sales are kept here and go when it runs again",
                               "इस टिल पर मुख्यालय से सिंक नहीं चल रहा (लॉग देखें); बिक्री यहीं "
                               "सुरक्षित है और सिंक चलने पर जाएगी"),
    "error.enrol_bad_url": ("Type head office's address, like http://10.0.0.5:8700",
                            "मुख्यालय का पता लिखें, जैसे http://10.0.0.5:8700"),
    "error.enrol_offline": ("Head office cannot be reached: check the network and the address",
                            "मुख्यालय तक नहीं पहुँच पा रहे: नेटवर्क और पता जाँचें"),
    "error.enrol_throttled": ("Too many attempts: try again in {seconds} seconds",
                              "बहुत प्रयास: {seconds} सेकंड बाद फिर कोशिश करें"),
    "error.enrol_code_unknown": ("That enrolment code is not valid: check it with head office",
                                 "यह नामांकन कोड मान्य नहीं: मुख्यालय से जाँचें"),
    "error.enrol_code_used": ("That enrolment code was already used: ask for a new one",
                              "यह नामांकन कोड पहले ही उपयोग हो चुका: नया माँगें"),
    "error.enrol_code_expired": ("That enrolment code has expired: ask for a new one",
                                 "यह नामांकन कोड समाप्त हो गया: नया माँगें"),
    "error.enrol_code_other_outlet": ("That code is for another outlet",
                                      "यह कोड किसी दूसरे आउटलेट का है"),
    "error.enrol_outlet_inactive": ("Head office has closed this outlet",
                                    "मुख्यालय ने यह आउटलेट बंद किया है"),
    "error.enrol_outlet_closed": ("This fair stall's registration has ended",
                                  "इस मेला स्टॉल का पंजीकरण समाप्त हो गया"),
    "error.enrol_pending": ("Events of this till are still waiting to be sent: sync first",
                            "इस टिल की घटनाएँ अभी भेजनी बाकी हैं: पहले सिंक करें"),
    "error.enrol_failed": ("Head office did not enrol this till ({detail})",
                           "मुख्यालय ने यह टिल नामांकित नहीं किया ({detail})"),
    "error.unenrol_pending": ("{count} events still wait to be sent: the till cannot be "
                              "disconnected until head office has them",
                              "{count} घटनाएँ अभी भेजनी बाकी: मुख्यालय को मिलने तक टिल अलग "
                              "नहीं हो सकता"),
}
