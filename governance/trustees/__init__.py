"""A body's trustees and the key ceremony that gives the body its election key (issue 15).

The trustees' browsers make every secret; the server keeps only public values (ceremony keys,
Feldman commitments, proofs, the joint key) and encrypted shares it cannot read
(`governance/verifiable/channel.py`, docs/VERIFY.md section 6.1).
"""
