"""Motifs of the shipped ResNet and of k-mer + LightGBM on 10,000 yeast promoters, by name.

The promoters: the 6,370 DREAM 2022 training rows and 1,000 held-out rows of the
shipped data, then native de Boer 2020 80-mers up to ``--n`` (10,000), explained
through the DREAM output. Times the in-silico mutagenesis through the shipped
default ResNet (the windowed route), then finds motifs (modisco-lite) and matches
them to JASPAR 2024 fungi (Tomtom), for the ResNet and for 6-mer counts + LightGBM
fitted on the DREAM training rows. Prints the tables; ``--figures DIR`` writes logos.

    python benchmarks/motifs_dream.py [--n 10000] [--figures docs/_static]
                                      [--models resnet lightgbm] [--leiden-runs 50]
"""

import argparse
import time
from pathlib import Path

import numpy as np

from sklearn_genexpr.datasets import load_yeast_libraries, load_yeast_promoters
from sklearn_genexpr.inspection import (
    discover_motifs,
    hypothetical_contributions,
    load_motif_database,
    match_motifs,
    plot_motifs,
)
from sklearn_genexpr.neural_network import load_pretrained
from sklearn_genexpr.utils._show_versions import cpu_description


def motifs_of(label, model, sequences, database, figures, leiden_runs):
    start = time.perf_counter()
    scores = hypothetical_contributions(model, sequences)
    ism = time.perf_counter() - start
    start = time.perf_counter()
    motifs = discover_motifs(scores.one_hot, scores.hypothetical, n_leiden_runs=leiden_runs)
    matches = match_motifs(motifs, database)
    found = time.perf_counter() - start
    print(
        f"\n{label}: ISM of {len(sequences)} promoters {ism:.0f} s; modisco ({leiden_runs} Leiden "
        f"runs) + Tomtom {found:.0f} s"
    )
    for motif in motifs:
        own = matches[matches.motif == motif.name]
        names = ", ".join(f"{r.name} (q={r.q_value:.2g})" for r in own.itertuples())
        print(f"  {motif.name:6} {motif.consensus:24} {motif.n_seqlets:5} seqlets: {names}")
    if figures is not None and motifs:
        from sklearn.utils import Bunch

        table = matches[matches["rank"] == 1].rename(columns={"name": "best_match"})
        result = Bunch(
            motifs=motifs, matches=matches, database=database, table=table.assign(motif=table.motif)
        )
        name = "motifs_" + "_".join(label.lower().replace("+", "").split())
        plot_motifs(result).savefig(Path(figures) / f"{name}.png", dpi=90)
    return ism


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--figures", default=None)
    # modisco's default, 50, clusters LightGBM's many seqlets for an hour here; 10 as the demo
    parser.add_argument("--leiden-runs", type=int, default=50)
    parser.add_argument("--models", nargs="+", choices=("resnet", "lightgbm"),
                        default=["resnet", "lightgbm"])  # fmt: skip
    args = parser.parse_args()
    cpu = cpu_description()
    print(f"CPU: {cpu['model']}, {cpu['cores']} cores")
    libraries = load_yeast_libraries()
    sequences, target = np.asarray(libraries.data), libraries.target
    dream = np.flatnonzero(np.isfinite(target[:, 0]))
    native = np.flatnonzero(np.isfinite(target[:, 1]))
    heldout = np.asarray(load_yeast_promoters("dream2022_heldout").data)
    explained = np.concatenate([sequences[dream], heldout, sequences[native]])[: args.n]
    database = load_motif_database("JASPAR2024", tax_group="fungi")
    if "resnet" in args.models:
        model = load_pretrained("PromoterResNetRegressor")
        motifs_of("Shipped ResNet", model, explained, database, args.figures, args.leiden_runs)
    if "lightgbm" not in args.models:
        return
    import lightgbm
    from sklearn.pipeline import make_pipeline

    from sklearn_genexpr.preprocessing import KmerVectorizer

    booster = make_pipeline(KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1))
    booster.fit(sequences[dream], target[dream, 0])
    motifs_of(
        "6-mer counts + LightGBM", booster, explained, database, args.figures, args.leiden_runs
    )


if __name__ == "__main__":
    main()
