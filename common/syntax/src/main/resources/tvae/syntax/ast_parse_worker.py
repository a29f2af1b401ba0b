# The judge behind tvae.syntax.PythonSyntaxChecker: CPython's own ast.parse, one line at a time.
#
# Protocol (JSON lines; the Java side escapes every non-ASCII character, so a request is one line of ASCII):
#   first, unasked:  {"protocol": 2, "implementation": "cpython", "version": "3.11.7"}
#   request:         {"id": 7, "lines": ["x = 1", "return (", ...]}
#   reply:           {"id": 7, "verdicts": ["Assign", ["SyntaxError", "'(' was never closed", 1, 8], ...]}
# A string means ast.parse accepted the line: the AST node type of its first statement ("" when it has none);
# otherwise [exception type, message, line, offset] (line/offset may be null).
#
# The verdicts must be exactly those of `python3 -c 'import ast; ast.parse(line)'`, a fresh process. Two things make
# a long-lived process differ at the AST recursion limit (RecursionError "during ast construction", which counts the
# caller's stack depth):
# - the loop runs at module level, not in a function, so ast.parse is called from the same depth as under -c;
# - every line is parsed by a fresh copy of ast.parse's code: once CPython 3.11 has specialised ("quickened") a hot
#   code object, its call to compile() skips one recursion-depth step, and a warm worker would accept nesting three
#   levels deeper than a fresh interpreter does. A copied code object starts cold, as in a fresh process.
import ast
import json
import sys
import types
import warnings

# Warnings never turn into exceptions under the default filters, so ignoring them changes no verdict; it keeps
# stderr for real trouble (the Java side logs it when a worker dies).
warnings.simplefilter("ignore")

PROTOCOL = 2
reply = sys.stdout
reply.write(json.dumps({"protocol": PROTOCOL, "implementation": sys.implementation.name,
                        "version": "%d.%d.%d" % sys.version_info[:3]}) + "\n")
reply.flush()

for request_line in sys.stdin.buffer:
    request = json.loads(request_line)
    verdicts = []
    for line in request["lines"]:
        cold_parse = types.FunctionType(ast.parse.__code__.replace(), ast.parse.__globals__, ast.parse.__name__,
                                        ast.parse.__defaults__, ast.parse.__closure__)
        cold_parse.__kwdefaults__ = ast.parse.__kwdefaults__
        try:
            body = cold_parse(line).body
            verdicts.append(type(body[0]).__name__ if body else "")
        except SyntaxError as error:  # includes IndentationError and TabError
            verdicts.append([type(error).__name__, error.msg, error.lineno, error.offset])
        except Exception as error:  # MemoryError (parser stack), RecursionError (AST depth), UnicodeEncodeError, ...
            verdicts.append([type(error).__name__, str(error), None, None])
    reply.write(json.dumps({"id": request["id"], "verdicts": verdicts}) + "\n")
    reply.flush()
