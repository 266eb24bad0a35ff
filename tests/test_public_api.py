import offplatform


def test_all_is_sorted_and_exported() -> None:
    names = offplatform.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(offplatform, name), name


def test_public_names_are_in_all() -> None:
    public = {n for n in vars(offplatform) if not n.startswith("_")}
    modules = {n for n, v in vars(offplatform).items() if type(v).__name__ == "module"}
    assert public - modules - {"annotations"} <= set(offplatform.__all__)
