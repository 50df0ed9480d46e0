"""TF1 -> TF2 codemods. Each module holds one libcst transformer; `registry` orders them."""
