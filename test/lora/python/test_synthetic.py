"""synthetic: seeded, and label frequencies proportional to 1 / (label + 1)."""

import unittest

import _path  # noqa: F401

from lora_worker import synthetic


class TopicTest(unittest.TestCase):
    def test_same_seed_same_data(self):
        self.assertEqual(synthetic.topic_classification(50, 7, 3, 12, 64),
                         synthetic.topic_classification(50, 7, 3, 12, 64))
        self.assertNotEqual(synthetic.topic_classification(50, 7, 3, 12, 64),
                            synthetic.topic_classification(50, 8, 3, 12, 64))

    def test_label_frequencies_follow_one_over_label_plus_one(self):
        _, labels = synthetic.topic_classification(20000, 1, 4, 8, 64)
        # 1, 1/2, 1/3, 1/4 normalised by 25/12: 0.48, 0.24, 0.16, 0.12.
        for label, expected in enumerate([0.48, 0.24, 0.16, 0.12]):
            self.assertAlmostEqual(labels.count(label) / len(labels), expected, delta=0.01)

    def test_every_input_holds_a_keyword_of_its_label(self):
        inputs, labels = synthetic.topic_classification(200, 2, 4, 8, 64, keywords_per_label=4)
        for tokens, label in zip(inputs, labels):
            self.assertTrue(any(4 + 4 * label <= token < 8 + 4 * label for token in tokens))


class ReverseTest(unittest.TestCase):
    def test_target_is_the_input_reversed(self):
        inputs, targets = synthetic.reverse_generation(20, 1, 5, 6)
        for tokens, target in zip(inputs, targets):
            self.assertEqual(target, tokens[::-1])
            self.assertTrue(2 <= len(tokens) <= 5)


if __name__ == '__main__':
    unittest.main()
