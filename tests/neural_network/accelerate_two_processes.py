"""A tiny network trained by two CPU processes (gloo) through Accelerate.

Run by ``test_accelerate_two_processes_on_the_cpu`` under ``torchrun
--standalone --nproc_per_node 2``; each process prints its rank, the batches
it trained in the last epoch and the model's score.
"""

import numpy as np


def main() -> None:
    from accelerate import Accelerator

    from sklearn_genexpr.neural_network import TabularMLPRegressor

    accelerator = Accelerator(cpu=True)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 6)).astype(np.float32)
    y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=256)
    model = TabularMLPRegressor(
        hidden_layer_sizes=(8,), max_iter=15, learning_rate_init=0.01, batch_size=32,
        early_stopping=False, random_state=0, accelerator=accelerator,
    ).fit(X, y)  # fmt: skip
    batches = model.history_[-1]["train_batch_count"]
    print(
        f"rank={accelerator.process_index} processes={accelerator.num_processes} "
        f"batches={batches} score={model.score(X, y):.4f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
