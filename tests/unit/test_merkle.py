"""The Merkle tree against Certificate Transparency's published reference vectors (the
leaves and roots of its merkle_tree_test, RFC 6962), and proofs checked by verifying
them: every inclusion and consistency proof for trees of up to 40 leaves verifies, and
none verifies once any hash in it is changed."""

import pytest

from audit import merkle

# The reference leaves and the roots of the trees over the first 1..8 of them.
CT_LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# Reference audit paths: (leaf index, tree size, path).
CT_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
# Reference consistency proofs: (old size, new size, proof).
CT_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (3, 8, ["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
]  # fmt: skip

HASHES = [merkle.leaf_hash(leaf) for leaf in CT_LEAVES]
TREE = merkle.from_leaves(HASHES)


def test_the_empty_tree_is_the_hash_of_nothing() -> None:
    assert merkle.root(TREE, 0).hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")  # fmt: skip


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_reference_vectors(size: int) -> None:
    assert merkle.root(TREE, size).hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_inclusion_proofs_match_the_reference_vectors(index: int, size: int, path: list[str]
                                                      ) -> None:  # fmt: skip
    proof = merkle.inclusion_proof(TREE, index, size)
    assert [h.hex() for h in proof] == path
    assert merkle.verify_inclusion(index, size, HASHES[index], proof, merkle.root(TREE, size))


@pytest.mark.parametrize(("old", "new", "expected"), CT_CONSISTENCY)
def test_consistency_proofs_match_the_reference_vectors(old: int, new: int,
                                                        expected: list[str]) -> None:  # fmt: skip
    proof = merkle.consistency_proof(TREE, old, new)
    assert [h.hex() for h in proof] == expected
    assert merkle.verify_consistency(old, new, merkle.root(TREE, old), merkle.root(TREE, new),
                                     proof)  # fmt: skip


def tampered(proof: list[bytes], at: int) -> list[bytes]:
    changed = bytearray(proof[at])
    changed[0] ^= 1
    return [*proof[:at], bytes(changed), *proof[at + 1 :]]


def test_every_proof_in_trees_of_up_to_forty_leaves_verifies_and_no_altered_one_does() -> None:
    hashes = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(40)]
    tree = merkle.from_leaves(hashes)
    for size in range(1, 41):
        top = merkle.root(tree, size)
        for index in range(size):
            proof = merkle.inclusion_proof(tree, index, size)
            assert merkle.verify_inclusion(index, size, hashes[index], proof, top)
            assert not proof or not merkle.verify_inclusion(index, size, hashes[index],
                                                            proof[:-1], top)  # fmt: skip
            other = (index + 1) % size
            assert size == 1 or not merkle.verify_inclusion(other, size, hashes[index], proof,
                                                            top)  # fmt: skip
            for at in range(len(proof)):
                assert not merkle.verify_inclusion(index, size, hashes[index],
                                                   tampered(proof, at), top)  # fmt: skip
        for old in range(1, size + 1):
            proof = merkle.consistency_proof(tree, old, size)
            old_root = merkle.root(tree, old)
            assert merkle.verify_consistency(old, size, old_root, top, proof)
            for at in range(len(proof)):
                assert not merkle.verify_consistency(old, size, old_root, top,
                                                     tampered(proof, at))  # fmt: skip
            assert old == size or not merkle.verify_consistency(old, size, top, top, proof)


def test_a_leaf_outside_the_tree_has_no_proof() -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_proof(TREE, 8, 8)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(TREE, 0, 8)
