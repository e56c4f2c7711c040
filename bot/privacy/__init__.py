"""The privacy guard's parts: its vocabularies, the signs it reads in a sentence, and the
trained weights that decide. bot/phi_guard.py is the door everything goes through."""
