import pytest

from spbe.domain.instansi import gazetteer


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Pemerintah Kabupaten Pesawaran", "18.09"),
        ("Pemkab Pesawaran", "18.09"),
        ("Pemerintah Kota Pangkalpinang", "19.71"),  # Kemendagri writes "Pangkal Pinang"
        ("Kota Pangkal Pinang", "19.71"),
        ("Kepulauan Selayar", "73.01"),
        ("Kab. Kep. Selayar", "73.01"),
        ("Pemerintah Aceh", "11"),
        ("Pemprov Jabar", "32"),
        ("Sulsel", "73"),
        ("Kaltim", "64"),
        ("Kota Bogor", "32.71"),
        ("Kabupaten Bogor", "32.01"),
        ("Kota Banjar", "32.79"),
        ("Kabupaten Banjar", "63.03"),
        ("Kabupaten Kotabaru", "63.02"),
        ("Kota Baru", "63.02"),  # there is no Kota Baru: it is Kabupaten Kotabaru
        ("Kabupaten Kotawaringin Barat", "62.01"),
        ("Kabupaten Lima Puluh Kota", "13.07"),
        ("Kota Kotamobagu", "71.74"),
        ("Pemerintah Provinsi Kepulauan Riau", "21"),
        ("Pemerintah Provinsi Riau", "14"),
        ("Kota Solo", "33.72"),
        ("Kota Bau-Bau", "74.72"),
        ("Kabupaten Toba Samosir", "12.12"),
        ("Pemerintah Provinsi DKI Jakarta", "31"),
        ("Kementerian Koordinator Bidang Politik, Hukum dan Keamanan", "kemenko-polhukam"),
        ("Kementerian Keuangan Republik Indonesia", "kemenkeu"),
        ("Badan Pusat Statistik", "bps"),
    ],
)
def test_resolves_spellings_to_one_id(name, expected):
    inst = gazetteer().resolve(name)
    assert inst is not None and inst.id == expected


@pytest.mark.parametrize("name", ["Bogor", "Banjar", "Jambi", "Sorong", "Pemerintah Kabupaten Antah Berantah", ""])
def test_ambiguous_or_unknown_names_do_not_resolve(name):
    assert gazetteer().resolve(name) is None


def test_gazetteer_covers_every_evaluated_region():
    g = gazetteer()
    regions = g.evaluated_regions()
    assert sum(r.type == "provinsi" for r in regions) == 38
    assert sum(r.type != "provinsi" for r in regions) == 508  # the six Jakarta units are not evaluated
    assert all(r.province_code for r in regions)
    # Every official name we print resolves back to the same body.
    assert all(g.resolve(r.official_name()).id == r.id for r in regions + g.central_bodies())
