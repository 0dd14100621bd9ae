"""Verifiable secret ballots: the pure cryptography (issue 15), with no database or web code.

Exponential ElGamal over ristretto255, zero-knowledge proofs with strong Fiat-Shamir, a t-of-n
threshold key, and encrypted ballots for motions and approval elections. docs/VERIFY.md is the
specification an independent verifier can be written from.
"""
