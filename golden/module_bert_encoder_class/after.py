"""A BERT-style encoder: the model class builds its whole graph in its constructor."""
import contextlib
import copy
import math

import tensorflow as tf


class ScopedModule(tf.Module):
    """A tf.Module that keeps TF1's variable names: child modules and variables are made on
    first use, under the name scope current at that point, and found again by scope path."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.children = {}
        self.scope_path = ""

    def child(self, module_class, scope, *args, **kwargs):
        """The child module for `scope` under the current scope path, made on first use."""
        key = self.scope_path + scope
        if key not in self.children:
            self.children[key] = module_class(*args, name=scope, **kwargs)
        return self.children[key]

    @contextlib.contextmanager
    def scope(self, name):
        """A TF1 `variable_scope(name)` opened inside this module."""
        outer = self.scope_path
        self.scope_path = outer + name + "/"
        try:
            with tf.name_scope(name):
                yield
        finally:
            self.scope_path = outer

    def variable(self, name, make):
        """The variable `name` under the current scope path, made by `make()` on first use."""
        key = self.scope_path + name
        if key not in self.children:
            self.children[key] = make()
        return self.children[key]


class Dense(tf.Module):
    """TF1's `tf.layers.dense`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or tf.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    @tf.Module.with_name_scope
    def __call__(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        if self.kernel is None:
            self.kernel = tf.Variable(
                self.kernel_initializer([inputs.shape[-1], self.units], inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = tf.Variable(self.bias_initializer([self.units], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        if inputs.shape.rank == 2:
            outputs = tf.matmul(inputs, self.kernel)
        else:
            outputs = tf.tensordot(inputs, self.kernel, [[inputs.shape.rank - 1], [0]])
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


class EncoderConfig(object):
    """Hyper-parameters of the encoder."""

    def __init__(self, vocab_size, hidden_size=16, num_hidden_layers=2,
                 num_attention_heads=2, intermediate_size=32, initializer_range=0.02):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.initializer_range = initializer_range


def create_initializer(initializer_range=0.02):
    return tf.keras.initializers.TruncatedNormal(stddev=initializer_range)


def gelu(x):
    cdf = 0.5 * (1.0 + tf.tanh((math.sqrt(2 / math.pi) * (x + 0.044715 * tf.pow(x, 3)))))
    return x * cdf


class LayerNorm(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.beta = None
        self.gamma = None

    @tf.Module.with_name_scope
    def __call__(self, input_tensor):
        """Normalizes the last dimension, with a learned scale and offset."""
        depth = input_tensor.shape[-1]
        if self.beta is None:
            self.beta = tf.Variable(tf.zeros_initializer()([depth], tf.float32), name="beta")
        beta = self.beta
        if self.gamma is None:
            self.gamma = tf.Variable(tf.ones_initializer()([depth], tf.float32), name="gamma")
        gamma = self.gamma
        mean, variance = tf.nn.moments(input_tensor, axes=[-1], keepdims=True)
        return (input_tensor - mean) * tf.math.rsqrt(variance + 1e-12) * gamma + beta


class EmbeddingLookup(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.embedding_table = None

    def __call__(self, input_ids, vocab_size, embedding_size=128, initializer_range=0.02,
                 word_embedding_name="word_embeddings"):
        if self.embedding_table is None:
            self.embedding_table = tf.Variable(
                create_initializer(initializer_range)([vocab_size, embedding_size], tf.float32),
                name=word_embedding_name)
        embedding_table = self.embedding_table
        output = tf.gather(embedding_table, input_ids)
        return output, embedding_table


class AttentionLayer(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    def __call__(self, from_tensor, num_attention_heads, size_per_head, initializer_range):
        batch_size, seq_length, _ = from_tensor.shape.as_list()
        width = num_attention_heads * size_per_head

        def split_heads(tensor):
            tensor = tf.reshape(tensor, [-1, seq_length, num_attention_heads, size_per_head])
            return tf.transpose(tensor, [0, 2, 1, 3])

        # `query` = [B, T, N*H]
        query_layer = self.child(
            Dense, "query", width, kernel_initializer=create_initializer(initializer_range)
        )(from_tensor)
        key_layer = self.child(
            Dense, "key", width, kernel_initializer=create_initializer(initializer_range)
        )(from_tensor)
        value_layer = self.child(
            Dense, "value", width, kernel_initializer=create_initializer(initializer_range)
        )(from_tensor)
        scores = tf.matmul(split_heads(query_layer), split_heads(key_layer), transpose_b=True)
        probs = tf.nn.softmax(scores * (1.0 / math.sqrt(float(size_per_head))))
        context = tf.transpose(tf.matmul(probs, split_heads(value_layer)), [0, 2, 1, 3])
        return tf.reshape(context, [-1, seq_length, width])


class TransformerModel(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    def __call__(self, input_tensor, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                 intermediate_size=32, initializer_range=0.02):
        prev_output = input_tensor
        all_layer_outputs = []
        for layer_idx in range(num_hidden_layers):
            with self.scope("layer_%d" % layer_idx):
                layer_input = prev_output
                with self.scope("attention"):
                    with self.scope("self"):
                        attention_output = self.child(AttentionLayer, "attention_layer")(
                            layer_input, num_attention_heads, hidden_size // num_attention_heads,
                            initializer_range)
                    with self.scope("output"):
                        attention_output = self.child(
                            Dense,
                            "dense",
                            hidden_size,
                            kernel_initializer=create_initializer(initializer_range),
                        )(attention_output)
                        attention_output = self.child(LayerNorm, "LayerNorm")(
                            attention_output + layer_input
                        )
                with self.scope("intermediate"):
                    intermediate_output = self.child(
                        Dense, "dense", intermediate_size, activation=gelu,
                        kernel_initializer=create_initializer(initializer_range))(attention_output)
                with self.scope("output"):
                    layer_output = self.child(
                        Dense,
                        "dense",
                        hidden_size,
                        kernel_initializer=create_initializer(initializer_range),
                    )(intermediate_output)
                    layer_output = self.child(LayerNorm, "LayerNorm")(
                        layer_output + attention_output
                    )
                prev_output = layer_output
                all_layer_outputs.append(layer_output)
        return all_layer_outputs


class EncoderModel(ScopedModule):
    """The encoder: embeddings, a stack of transformer layers and a pooler."""

    def __init__(self, config, is_training, input_ids, scope=None):
        super().__init__(name=scope or "bert")
        config = copy.deepcopy(config)
        if not is_training:
            config.hidden_dropout_prob = 0.0

        with self.name_scope:
            with self.scope("embeddings"):
                (self.embedding_output, self.embedding_table) = (
                    self.child(EmbeddingLookup, "embedding_lookup")(
                        input_ids=input_ids,
                        vocab_size=config.vocab_size,
                        embedding_size=config.hidden_size,
                        initializer_range=config.initializer_range,
                    )
                )
                self.embedding_output = self.child(LayerNorm, "LayerNorm")(self.embedding_output)

            with self.scope("encoder"):
                self.all_encoder_layers = self.child(TransformerModel, "transformer_model")(
                    input_tensor=self.embedding_output,
                    hidden_size=config.hidden_size,
                    num_hidden_layers=config.num_hidden_layers,
                    num_attention_heads=config.num_attention_heads,
                    intermediate_size=config.intermediate_size,
                    initializer_range=config.initializer_range)

            self.sequence_output = self.all_encoder_layers[-1]
            with self.scope("pooler"):
                first_token_tensor = tf.squeeze(self.sequence_output[:, 0:1, :], axis=1)
                self.pooled_output = self.child(
                    Dense,
                    "dense",
                    config.hidden_size,
                    activation=tf.tanh,
                    kernel_initializer=create_initializer(config.initializer_range),
                )(first_token_tensor)

    def get_pooled_output(self):
        return self.pooled_output

    def get_sequence_output(self):
        return self.sequence_output
