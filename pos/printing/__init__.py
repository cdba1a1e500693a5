"""Receipts: layout, Qt rendering to a 1-bit image, ESC/POS encoding, printer connections."""
