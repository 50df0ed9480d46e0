"""A BERT-style encoder: the model class builds its whole graph in its constructor."""
import copy
import math

import tensorflow as tf


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
    return tf.truncated_normal_initializer(stddev=initializer_range)


def gelu(x):
    cdf = 0.5 * (1.0 + tf.tanh((math.sqrt(2 / math.pi) * (x + 0.044715 * tf.pow(x, 3)))))
    return x * cdf


def layer_norm(input_tensor, scope):
    """Normalizes the last dimension, with a learned scale and offset."""
    with tf.variable_scope(scope):
        depth = input_tensor.shape[-1].value
        beta = tf.get_variable("beta", [depth], initializer=tf.zeros_initializer())
        gamma = tf.get_variable("gamma", [depth], initializer=tf.ones_initializer())
        mean, variance = tf.nn.moments(input_tensor, axes=[-1], keep_dims=True)
        return (input_tensor - mean) * tf.rsqrt(variance + 1e-12) * gamma + beta


def embedding_lookup(input_ids, vocab_size, embedding_size=128, initializer_range=0.02,
                     word_embedding_name="word_embeddings"):
    embedding_table = tf.get_variable(
        name=word_embedding_name,
        shape=[vocab_size, embedding_size],
        initializer=create_initializer(initializer_range))
    output = tf.gather(embedding_table, input_ids)
    return output, embedding_table


def attention_layer(from_tensor, num_attention_heads, size_per_head, initializer_range):
    batch_size, seq_length, _ = from_tensor.shape.as_list()
    width = num_attention_heads * size_per_head

    def split_heads(tensor):
        tensor = tf.reshape(tensor, [-1, seq_length, num_attention_heads, size_per_head])
        return tf.transpose(tensor, [0, 2, 1, 3])

    # `query` = [B, T, N*H]
    query_layer = tf.layers.dense(from_tensor, width, name="query",
                                  kernel_initializer=create_initializer(initializer_range))
    key_layer = tf.layers.dense(from_tensor, width, name="key",
                                kernel_initializer=create_initializer(initializer_range))
    value_layer = tf.layers.dense(from_tensor, width, name="value",
                                  kernel_initializer=create_initializer(initializer_range))
    scores = tf.matmul(split_heads(query_layer), split_heads(key_layer), transpose_b=True)
    probs = tf.nn.softmax(scores * (1.0 / math.sqrt(float(size_per_head))))
    context = tf.transpose(tf.matmul(probs, split_heads(value_layer)), [0, 2, 1, 3])
    return tf.reshape(context, [-1, seq_length, width])


def transformer_model(input_tensor, hidden_size=16, num_hidden_layers=2,
                      num_attention_heads=2, intermediate_size=32, initializer_range=0.02):
    prev_output = input_tensor
    all_layer_outputs = []
    for layer_idx in range(num_hidden_layers):
        with tf.variable_scope("layer_%d" % layer_idx):
            layer_input = prev_output
            with tf.variable_scope("attention"):
                with tf.variable_scope("self"):
                    attention_output = attention_layer(
                        layer_input, num_attention_heads, hidden_size // num_attention_heads,
                        initializer_range)
                with tf.variable_scope("output"):
                    attention_output = tf.layers.dense(
                        attention_output, hidden_size,
                        kernel_initializer=create_initializer(initializer_range))
                    attention_output = layer_norm(attention_output + layer_input, "LayerNorm")
            with tf.variable_scope("intermediate"):
                intermediate_output = tf.layers.dense(
                    attention_output, intermediate_size, activation=gelu,
                    kernel_initializer=create_initializer(initializer_range))
            with tf.variable_scope("output"):
                layer_output = tf.layers.dense(
                    intermediate_output, hidden_size,
                    kernel_initializer=create_initializer(initializer_range))
                layer_output = layer_norm(layer_output + attention_output, "LayerNorm")
            prev_output = layer_output
            all_layer_outputs.append(layer_output)
    return all_layer_outputs


class EncoderModel(object):
    """The encoder: embeddings, a stack of transformer layers and a pooler."""

    def __init__(self, config, is_training, input_ids, scope=None):
        config = copy.deepcopy(config)
        if not is_training:
            config.hidden_dropout_prob = 0.0

        with tf.variable_scope(scope, default_name="bert"):
            with tf.variable_scope("embeddings"):
                (self.embedding_output, self.embedding_table) = embedding_lookup(
                    input_ids=input_ids,
                    vocab_size=config.vocab_size,
                    embedding_size=config.hidden_size,
                    initializer_range=config.initializer_range)
                self.embedding_output = layer_norm(self.embedding_output, "LayerNorm")

            with tf.variable_scope("encoder"):
                self.all_encoder_layers = transformer_model(
                    input_tensor=self.embedding_output,
                    hidden_size=config.hidden_size,
                    num_hidden_layers=config.num_hidden_layers,
                    num_attention_heads=config.num_attention_heads,
                    intermediate_size=config.intermediate_size,
                    initializer_range=config.initializer_range)

            self.sequence_output = self.all_encoder_layers[-1]
            with tf.variable_scope("pooler"):
                first_token_tensor = tf.squeeze(self.sequence_output[:, 0:1, :], axis=1)
                self.pooled_output = tf.layers.dense(
                    first_token_tensor,
                    config.hidden_size,
                    activation=tf.tanh,
                    kernel_initializer=create_initializer(config.initializer_range))

    def get_pooled_output(self):
        return self.pooled_output

    def get_sequence_output(self):
        return self.sequence_output
