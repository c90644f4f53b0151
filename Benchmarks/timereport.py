"""Reads a `/usr/bin/time -v` report: shared by the benchmark scripts. Standard library only."""

import re


def time_report(path):
    """(wall seconds, peak resident bytes, user + system CPU seconds) from `/usr/bin/time -v`."""
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024
    cpu = float(re.search(r"User time \(seconds\): (\S+)", text).group(1)) + float(
        re.search(r"System time \(seconds\): (\S+)", text).group(1))
    return seconds, peak, cpu
