"""GSTINs and the state codes of India used for place of supply."""

from __future__ import annotations

import re

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SHAPE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][A-Z0-9][0-9A-Z]$")

# GST state and union-territory codes: code -> (English, Hindi).
STATES: dict[str, tuple[str, str]] = {
    "01": ("Jammu and Kashmir", "जम्मू और कश्मीर"),
    "02": ("Himachal Pradesh", "हिमाचल प्रदेश"),
    "03": ("Punjab", "पंजाब"),
    "04": ("Chandigarh", "चंडीगढ़"),
    "05": ("Uttarakhand", "उत्तराखंड"),
    "06": ("Haryana", "हरियाणा"),
    "07": ("Delhi", "दिल्ली"),
    "08": ("Rajasthan", "राजस्थान"),
    "09": ("Uttar Pradesh", "उत्तर प्रदेश"),
    "10": ("Bihar", "बिहार"),
    "11": ("Sikkim", "सिक्किम"),
    "12": ("Arunachal Pradesh", "अरुणाचल प्रदेश"),
    "13": ("Nagaland", "नागालैंड"),
    "14": ("Manipur", "मणिपुर"),
    "15": ("Mizoram", "मिज़ोरम"),
    "16": ("Tripura", "त्रिपुरा"),
    "17": ("Meghalaya", "मेघालय"),
    "18": ("Assam", "असम"),
    "19": ("West Bengal", "पश्चिम बंगाल"),
    "20": ("Jharkhand", "झारखंड"),
    "21": ("Odisha", "ओडिशा"),
    "22": ("Chhattisgarh", "छत्तीसगढ़"),
    "23": ("Madhya Pradesh", "मध्य प्रदेश"),
    "24": ("Gujarat", "गुजरात"),
    "26": ("Dadra and Nagar Haveli and Daman and Diu", "दादरा और नगर हवेली और दमन और दीव"),
    "27": ("Maharashtra", "महाराष्ट्र"),
    "29": ("Karnataka", "कर्नाटक"),
    "30": ("Goa", "गोवा"),
    "31": ("Lakshadweep", "लक्षद्वीप"),
    "32": ("Kerala", "केरल"),
    "33": ("Tamil Nadu", "तमिलनाडु"),
    "34": ("Puducherry", "पुदुचेरी"),
    "35": ("Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीप समूह"),
    "36": ("Telangana", "तेलंगाना"),
    "37": ("Andhra Pradesh", "आंध्र प्रदेश"),
    "38": ("Ladakh", "लद्दाख"),
    "97": ("Other Territory", "अन्य क्षेत्र"),
}


def gstin_check_char(first14: str) -> str:
    """The 15th character of a GSTIN (mod-36 checksum over the first 14)."""
    total = 0
    for index, ch in enumerate(first14):
        value = _ALPHABET.index(ch)
        product = value * (2 if index % 2 else 1)
        total += product // 36 + product % 36
    return _ALPHABET[(36 - total % 36) % 36]


def is_valid_gstin(gstin: str) -> bool:
    """Shape, a known state code and the checksum."""
    g = gstin.strip().upper()
    if not _SHAPE.match(g) or g[:2] not in STATES:
        return False
    return gstin_check_char(g[:14]) == g[14]


def gstin_state(gstin: str) -> str:
    """The state code a GSTIN is registered in."""
    return gstin.strip()[:2]
