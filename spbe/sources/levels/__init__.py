"""Indicator levels a body supplies from its own evaluation report (a third source, for the planner).

KemenPAN-RB publishes only each body's index; the 47 (SPBE) or 20 (PemDI) indicator levels are in
the evaluation report each body receives. A body (or an analyst it shares them with) drops them in
the levels folder, `$SPBE_MANUAL_DROP_DIR/levels/<evaluation year>/<instansi id>.csv`, e.g.
`data/manual_drop/levels/2024/32.04.csv`, as `indicator,level` rows: the `spbe plan` format.

Facts: table spbe_indicator_level (one row per body, year and indicator), the method's aspect,
domain and weight beside each level. Precedence: none needed, this source is the only one with
levels; a file that does not fit its year's method or names no known body is refused whole, with
one line naming the file and the problem (a wrong level is worse than a missing one).
"""
