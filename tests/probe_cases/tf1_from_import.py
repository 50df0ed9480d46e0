"""Helper imported by tf1_compat_import.py; `from tensorflow import ...` must give TF1 names."""
from tensorflow import get_variable, variable_scope, zeros_initializer


def scoped_bias(x, scope):
    with variable_scope(scope):
        b = get_variable("b", [x.shape[-1]], initializer=zeros_initializer())
    return x + b
