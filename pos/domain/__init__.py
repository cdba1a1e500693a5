"""The pure core of the till: money, GST, carts, numbering. Standard library only.

Nothing here knows about Qt, SQL, HTTP or printers; head office imports it too, so a sale is
computed by exactly the same code on both sides.
"""
