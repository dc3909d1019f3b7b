"""The print edition's machinery: the CMYK profile, colour conversion of images, the PDF/X
finishing (boxes, crop marks, output intent, identifiers) and the preflight check.

Each module is a few narrow, typed functions the edition recipe calls; none of them
renders anything itself.
"""
