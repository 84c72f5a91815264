"""The protocol schema and a small validator for the subset of JSON Schema (draft-07) it uses.

The schema file ``kernel/lora/protocol.schema.json`` is the one source of the protocol; the
TypeScript client validates with ajv against the same file. python3-jsonschema is not a
dependency of the project, so this module implements the keywords the file uses and refuses,
when loading, any keyword it does not implement: a schema edit cannot silently go unchecked here.

Error messages name the JSON pointer of the bad value, as ajv's ``instancePath`` does, e.g.
``/args/steps must be >= 1 (got 0)``. Cost: O(size of the instance) per validation, except
``oneOf``/``anyOf`` which try each branch.
"""

import json
import math
import os
import re

#: Keywords this validator checks.
ASSERTIONS = {
    'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items',
    'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
    'minLength', 'maxLength', 'pattern', 'oneOf', 'anyOf', '$ref',
}
#: Keywords that carry no constraint.
ANNOTATIONS = {'$schema', '$id', 'title', 'description', 'definitions', 'default', 'examples', '$comment'}

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'protocol.schema.json')


class SchemaViolation(Exception):
    """An instance does not match the schema; ``path`` is the JSON pointer of the bad value."""

    def __init__(self, path, message):
        super().__init__(f'{path or "/"} {message}')
        self.path = path or '/'
        self.reason = message


def _describe(value):
    """A short rendering of a bad value for messages."""
    text = json.dumps(value, allow_nan=True)
    return text if len(text) <= 60 else text[:57] + '...'


def _type_of(value):
    """The JSON type name of a Python value (an integral float counts as integer, as in JavaScript)."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'integer' if math.isfinite(value) and value.is_integer() else 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'array'
    if isinstance(value, dict):
        return 'object'
    return type(value).__name__


def _json_equal(a, b):
    """Equality as JSON sees it: true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


class Validator:
    """Validates instances against definitions of one schema document.

    Example::

        v = Validator.from_file()
        v.validate({'id': '1', 'cmd': 'info', 'args': {}}, 'WorkerRequest')  # passes
        v.validate({'model': 'm', 'dataset': 'd', 'steps': 0}, 'TrainArgs', '/args')
        # SchemaViolation: /args/steps must be >= 1 (got 0)
    """

    def __init__(self, document):
        self.document = document
        self.definitions = document.get('definitions', {})
        self._patterns = {}
        self._check_keywords(document, '#')

    @classmethod
    def from_file(cls, path=SCHEMA_PATH):
        """Loads the protocol schema file."""
        with open(path, 'r', encoding='utf-8') as handle:
            return cls(json.load(handle))

    def _check_keywords(self, schema, where):
        """Refuses keywords this validator does not implement, recursively."""
        if not isinstance(schema, dict):
            raise ValueError(f'schema at {where} is not an object')
        for key, value in schema.items():
            if key not in ASSERTIONS and key not in ANNOTATIONS:
                raise ValueError(f'unsupported JSON Schema keyword at {where}: {key}')
            if key == 'definitions':
                for name, sub in value.items():
                    self._check_keywords(sub, f'{where}/definitions/{name}')
            elif key == 'properties':
                for name, sub in value.items():
                    self._check_keywords(sub, f'{where}/properties/{name}')
            elif key in ('items', 'additionalProperties') and isinstance(value, dict):
                self._check_keywords(value, f'{where}/{key}')
            elif key in ('oneOf', 'anyOf'):
                for index, sub in enumerate(value):
                    self._check_keywords(sub, f'{where}/{key}/{index}')
            elif key == '$ref' and not value.startswith('#/definitions/'):
                raise ValueError(f'unsupported $ref at {where}: {value}')

    def has(self, name):
        """Whether the document defines ``name``."""
        return name in self.definitions

    def validate(self, instance, name, path=''):
        """Raises :class:`SchemaViolation` unless ``instance`` matches definition ``name``."""
        if name not in self.definitions:
            raise KeyError(f'no definition {name} in the protocol schema')
        self._validate(instance, self.definitions[name], path)

    def _validate(self, value, schema, path):
        if '$ref' in schema:
            self._validate(value, self.definitions[schema['$ref'][len('#/definitions/'):]], path)
        if 'type' in schema:
            allowed = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
            actual = _type_of(value)
            ok = actual in allowed or (actual == 'integer' and 'number' in allowed)
            if not ok:
                raise SchemaViolation(path, f'must be {" or ".join(allowed)} (got {_describe(value)})')
        if 'const' in schema and not _json_equal(value, schema['const']):
            raise SchemaViolation(path, f'must be equal to constant {_describe(schema["const"])} (got {_describe(value)})')
        if 'enum' in schema and not any(_json_equal(value, option) for option in schema['enum']):
            options = ', '.join(json.dumps(option) for option in schema['enum'])
            raise SchemaViolation(path, f'must be one of {options} (got {_describe(value)})')
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_number(value, schema, path)
        if isinstance(value, str):
            self._check_string(value, schema, path)
        if isinstance(value, list):
            self._check_array(value, schema, path)
        if isinstance(value, dict):
            self._check_object(value, schema, path)
        if 'anyOf' in schema:
            self._check_branches(value, schema['anyOf'], path, exactly_one=False)
        if 'oneOf' in schema:
            self._check_branches(value, schema['oneOf'], path, exactly_one=True)

    def _check_number(self, value, schema, path):
        if not math.isfinite(value):
            raise SchemaViolation(path, f'must be a finite number (got {value})')
        if 'minimum' in schema and value < schema['minimum']:
            raise SchemaViolation(path, f'must be >= {schema["minimum"]} (got {_describe(value)})')
        if 'maximum' in schema and value > schema['maximum']:
            raise SchemaViolation(path, f'must be <= {schema["maximum"]} (got {_describe(value)})')
        if 'exclusiveMinimum' in schema and value <= schema['exclusiveMinimum']:
            raise SchemaViolation(path, f'must be > {schema["exclusiveMinimum"]} (got {_describe(value)})')
        if 'exclusiveMaximum' in schema and value >= schema['exclusiveMaximum']:
            raise SchemaViolation(path, f'must be < {schema["exclusiveMaximum"]} (got {_describe(value)})')

    def _check_string(self, value, schema, path):
        # JSON Schema counts code points, as len() does.
        if 'minLength' in schema and len(value) < schema['minLength']:
            raise SchemaViolation(path, f'must NOT have fewer than {schema["minLength"]} characters (got {_describe(value)})')
        if 'maxLength' in schema and len(value) > schema['maxLength']:
            raise SchemaViolation(path, f'must NOT have more than {schema["maxLength"]} characters (got {_describe(value)})')
        if 'pattern' in schema:
            pattern = self._patterns.setdefault(schema['pattern'], re.compile(schema['pattern']))
            if not pattern.search(value):
                raise SchemaViolation(path, f'must match pattern "{schema["pattern"]}" (got {_describe(value)})')

    def _check_array(self, value, schema, path):
        if 'minItems' in schema and len(value) < schema['minItems']:
            raise SchemaViolation(path, f'must NOT have fewer than {schema["minItems"]} items (got {len(value)})')
        if 'maxItems' in schema and len(value) > schema['maxItems']:
            raise SchemaViolation(path, f'must NOT have more than {schema["maxItems"]} items (got {len(value)})')
        if 'items' in schema:
            for index, item in enumerate(value):
                self._validate(item, schema['items'], f'{path}/{index}')

    def _check_object(self, value, schema, path):
        for name in schema.get('required', []):
            if name not in value:
                raise SchemaViolation(path, f"must have required property '{name}'")
        properties = schema.get('properties', {})
        extra = schema.get('additionalProperties', True)
        for name, item in value.items():
            pointer = f'{path}/{name.replace("~", "~0").replace("/", "~1")}'
            if name in properties:
                self._validate(item, properties[name], pointer)
            elif extra is False:
                allowed = ', '.join(properties) or 'none'
                raise SchemaViolation(path, f"must NOT have additional property '{name}' (allowed: {allowed})")
            elif isinstance(extra, dict):
                self._validate(item, extra, pointer)

    def _resolve(self, schema):
        """Follows $ref chains to the schema that carries the keywords."""
        while '$ref' in schema:
            schema = self.definitions[schema['$ref'][len('#/definitions/'):]]
        return schema

    def _check_branches(self, value, branches, path, exactly_one):
        failures = []
        passed = 0
        for branch in branches:
            try:
                self._validate(value, branch, path)
                passed += 1
            except SchemaViolation as violation:
                failures.append((branch, violation))
        if (exactly_one and passed == 1) or (not exactly_one and passed >= 1):
            return
        if passed > 1:
            raise SchemaViolation(path, 'must match exactly one schema in oneOf (matched several)')
        # Branches told apart by a constant property (a discriminator such as "kind"): report the
        # error of the branch whose constants the value carries, or list the constants allowed.
        tags = []
        for branch, violation in failures:
            properties = self._resolve(branch).get('properties', {})
            consts = {name: prop['const'] for name, prop in properties.items() if 'const' in prop}
            if consts and isinstance(value, dict):
                tags.append(consts)
                if all(name in value and _json_equal(value[name], const) for name, const in consts.items()):
                    raise violation
        if tags and len(tags) == len(failures) and len({tuple(tag) for tag in tags}) == 1:
            key = next(iter(tags[0]))
            options = ', '.join(json.dumps(tag[key]) for tag in tags)
            got = _describe(value[key]) if isinstance(value, dict) and key in value else 'nothing'
            raise SchemaViolation(f'{path}/{key}', f'must be one of {options} (got {got})')
        # Alternatives of type (a nullable value): one message naming them all.
        reasons = [violation.reason for _, violation in failures]
        if all(violation.path == (path or '/') for _, violation in failures) and all(r.startswith('must be ') for r in reasons):
            kinds = ' or '.join(r[len('must be '):].split(' (got ')[0] for r in reasons)
            raise SchemaViolation(path, f'must be {kinds} (got {_describe(value)})')
        raise min((violation for _, violation in failures), key=lambda violation: -violation.path.count('/'))


_VALIDATOR = None


def protocol():
    """The validator of the protocol schema, loaded once."""
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = Validator.from_file()
    return _VALIDATOR


def args_definition(cmd):
    """``build_model`` -> ``BuildModelArgs``."""
    return ''.join(part.capitalize() for part in cmd.split('_')) + 'Args'


def result_definition(cmd):
    """``build_model`` -> ``BuildModelResult``."""
    return ''.join(part.capitalize() for part in cmd.split('_')) + 'Result'
