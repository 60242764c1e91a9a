"""The files genomics users have: genome FASTA, BED / narrowPeak / GTF, bigWig, VCF.

Readers of interval files (:func:`read_peaks`, :func:`read_tss`), a genome
FASTA as a reference (:class:`Genome`, through pyfaidx), regions to
sequences (:class:`RegionSequenceExtractor`), VCF records
(:func:`read_vcf`) and their predicted effects (:func:`score_variants`).
The FASTA needs the ``genomics`` extra (pyfaidx; bigWig signal: pyBigWig).
"""

from ._genome import Genome
from ._intervals import read_peaks, read_tss
from ._regions import RegionSequenceExtractor
from ._tracks import BigWigTrack, PeakTrack
from ._variants import score_variants
from ._vcf import read_vcf

__all__ = [
    "BigWigTrack",
    "Genome",
    "PeakTrack",
    "RegionSequenceExtractor",
    "read_peaks",
    "read_tss",
    "read_vcf",
    "score_variants",
]
