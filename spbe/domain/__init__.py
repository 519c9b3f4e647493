"""Domain knowledge: instansi gazetteer, evaluation calendar, predikat bands, index values."""
