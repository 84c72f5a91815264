"""schema: the small JSON Schema validator agrees with JSON's (and ajv's) reading of values."""

import unittest

import _path  # noqa: F401

from lora_worker.schema import SchemaViolation, Validator, protocol


class ValidatorTest(unittest.TestCase):
    def check(self, schema, value):
        Validator({'definitions': {'X': schema}}).validate(value, 'X')

    def test_refuses_keywords_it_does_not_implement(self):
        with self.assertRaises(ValueError) as raised:
            Validator({'definitions': {'X': {'type': 'string', 'format': 'email'}}})
        self.assertIn('unsupported JSON Schema keyword at #/definitions/X: format', str(raised.exception))

    def test_integral_float_is_an_integer_and_booleans_are_not_numbers(self):
        self.check({'type': 'integer'}, 3.0)
        with self.assertRaises(SchemaViolation):
            self.check({'type': 'integer'}, True)
        with self.assertRaises(SchemaViolation):
            self.check({'const': 1}, True)
        with self.assertRaises(SchemaViolation):
            self.check({'type': 'number'}, float('nan'))

    def test_the_protocol_schema_loads_and_every_command_has_args_and_result(self):
        validator = protocol()
        for command in validator.definitions['WorkerRequest']['properties']['cmd']['enum']:
            stem = ''.join(part.capitalize() for part in command.split('_'))
            self.assertTrue(validator.has(stem + 'Args'), command)
            self.assertTrue(validator.has(stem + 'Result'), command)


if __name__ == '__main__':
    unittest.main()
