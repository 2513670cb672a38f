"""Benchmark 7: loading the ONS Postcode Directory, 2.7 million rows, as `manage.py load_postcodes` does.

A file in the directory's own layout (its 53 columns, quoted as ONS quotes them) is generated with
`rows` postcodes: about 4% terminated, 0.1% outside any constituency, 0.5% straddling two
constituencies, spread over 650 constituencies, with ONS's names-and-codes file beside it. It is
loaded twice (the second load replaces the first, as a quarterly update does), and a twentieth of
it once, to show that memory does not grow with the file. The goal: a load in under two minutes on
this machine, with flat memory (this process's peak resident memory while loading).
"""

import os
import tempfile
import threading
import time
from pathlib import Path

import psutil

from . import harness

GOAL_SECONDS = 120

# The header of an ONSPD release with the `pcon` column (as February 2023's single UK file).
ONSPD_HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,"
    "nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,oac01,"
    "oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,"
    "lsoa21,msoa21"
).split(",")
NAMES_HEADER = ["PCON24CD", "PCON24NM", "PCON24NMW"]
# How many of the 650 seats each nation has, and the prefix of their ONS codes.
NATIONS = [("E14001", 543, "E92000001"), ("W07000", 32, "W92000004"), ("S14000", 57, "S92000003"), ("N06000", 18, "N92000002")]  # fmt: skip
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters of an inward code


def constituency_codes():
    codes = []
    for prefix, seats, country in NATIONS:
        first = 1 if prefix != "E14001" else 0
        codes += [(f"{prefix}{number:03d}", country) for number in range(first, first + seats)]
    return codes


def postcode(i):
    """The i-th of a run of distinct, well-formed postcodes (AA1 0AA, AA1 0AB, …): (outward, inward)."""
    i, inward = divmod(i, len(LETTERS) ** 2)
    i, sector = divmod(i, 10)
    i, district = divmod(i, 20)
    area = LETTERS[(i // len(LETTERS)) % len(LETTERS)] + LETTERS[i % len(LETTERS)]
    return f"{area}{district + 1}", f"{sector}{LETTERS[inward // len(LETTERS)]}{LETTERS[inward % len(LETTERS)]}"


FIXED = {
    "dointr": "198001", "oscty": "E99999999", "ced": "E99999999", "oslaua": "E06000022", "osward": "E05001957",
    "parish": "E04012345", "usertype": "0", "oseast1m": "375000", "osnrth1m": "0165000", "osgrdind": "1",
    "oshlthau": "E18000010", "nhser": "E40000006", "rgn": "E12000009", "streg": "0", "eer": "E15000009",
    "teclec": "E24000037", "ttwa": "E30000154", "pct": "E16000135", "itl": "E06000022", "statsward": "99ZZ00",
    "oa01": "E00072563", "casward": "00HAFH", "park": "E99999999", "lsoa01": "E01014370", "msoa01": "E02002985",
    "ur01ind": "5", "oac01": "2B1", "oa11": "E00072563", "lsoa11": "E01014370", "msoa11": "E02002985",
    "wz11": "E33039455", "sicbl": "E38000231", "bua11": "E34000989", "buasd11": "E35000378", "ru11ind": "C1",
    "oac11": "2B2", "lat": "51.380814", "long": "-2.359763", "lep1": "E37000051", "lep2": "", "pfa": "E23000036",
    "imd": "21480", "calncv": "E56000008", "icb": "E54000039", "oa21": "E00072563", "lsoa21": "E01014370",
    "msoa21": "E02002985",
}  # fmt: skip
VARYING = ("pcd", "pcd2", "pcds", "doterm", "ctry", "pcon")
# One row's text, with the fixed columns filled in and a slot left for each varying one. ONS quotes
# every column but the coordinates.
ROW = (",".join(f"{{{c}}}" if c in ("lat", "long") else f'"{{{c}}}"' for c in ONSPD_HEADER) + "\n").format(
    **FIXED, **{c: f"{{{c}}}" for c in VARYING}
)


def onspd_line(outward, inward, *, pcon, country, doterm=""):
    """One row as ONS writes it: the three forms of the postcode, then every other column."""
    return ROW.format(
        pcd=f"{outward:<4}{inward}",  # seven characters: "AB1 0AA", "AB101AA"
        pcd2=f"{outward:<5}{inward}",
        pcds=f"{outward} {inward}",
        doterm=doterm,
        ctry=country,
        pcon=pcon,
    )


def write_onspd(path, rows):
    """A generated directory of `rows` rows; returns what a load of it should report."""
    codes = constituency_codes()
    terminated = outside = straddling = 0
    with open(path, "w", newline="") as file:
        file.write(",".join(ONSPD_HEADER) + "\n")
        written = 0
        i = 0
        block = []
        while written < rows:
            outward, inward = postcode(i)
            code, country = codes[i % len(codes)]
            if i % 25 == 7:
                block.append(onspd_line(outward, inward, pcon=code, country=country, doterm="201506"))
                terminated += 1
            elif i % 1000 == 3:
                block.append(onspd_line(outward, inward, pcon="L99999999", country="L93000001"))
                outside += 1
            else:
                block.append(onspd_line(outward, inward, pcon=code, country=country))
                if i % 200 == 11 and written + 1 < rows:
                    other, other_country = codes[(i + 1) % len(codes)]
                    block.append(onspd_line(outward, inward, pcon=other, country=other_country))
                    straddling += 1
                    written += 1
            written += 1
            i += 1
            if len(block) >= 10_000:
                file.write("".join(block))
                block.clear()
        file.write("".join(block))
    return {"rows": written, "terminated": terminated, "outside": outside, "straddling": straddling}


def write_names(path):
    with open(path, "w", newline="") as file:
        file.write(",".join(NAMES_HEADER) + "\n")
        for number, (code, _country) in enumerate(constituency_codes()):
            file.write(f'{code},"Constituency {number}, North",\n')


def timed_load(path, names_path):
    """Seconds and peak resident memory growth (MiB) of one load; and its summary."""
    from constituencies.loading import postcodes_load

    process = psutil.Process(os.getpid())
    rss_before = process.memory_info().rss
    peak = [rss_before]
    done = threading.Event()

    def sample():
        while not done.wait(0.1):
            peak[0] = max(peak[0], process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    summary = postcodes_load(path=path, names_path=names_path)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    peak[0] = max(peak[0], process.memory_info().rss)
    return {
        "seconds": round(seconds, 1),
        "rows_per_second": None,
        "peak_rss_mib": round(peak[0] / 2**20, 1),
        "rss_growth_mib": round((peak[0] - rss_before) / 2**20, 1),
        "read_seconds": summary.read_seconds,
        "replace_seconds": summary.replace_seconds,
        "postcodes": summary.postcodes,
        "straddling": summary.straddling,
        "terminated": summary.terminated,
        "outside": summary.outside,
        "constituencies": summary.constituencies,
        "met": seconds < GOAL_SECONDS,
    }


def run(*, rows=2_700_000):
    env = harness.bench_env()
    harness.recreate_database(env)
    harness.setup_django(env)
    from constituencies.models import PostcodeConstituency

    with tempfile.TemporaryDirectory(prefix="onspd-") as folder:
        path, small_path, names_path = (Path(folder) / n for n in ("ONSPD.csv", "ONSPD_small.csv", "names.csv"))
        write_names(names_path)
        started = time.perf_counter()
        expected = write_onspd(path, rows)
        generate_seconds = round(time.perf_counter() - started, 1)
        print(f"Generated {rows:,} rows in {generate_seconds} s", flush=True)
        small_expected = write_onspd(small_path, max(rows // 20, 1))
        file_mib = round(path.stat().st_size / 2**20, 1)
        small = timed_load(small_path, names_path)
        first = timed_load(path, names_path)
        again = timed_load(path, names_path)
    for load in (small, first, again):
        load["rows_per_second"] = round((expected["rows"] if load is not small else small_expected["rows"]) / max(load["seconds"], 0.001))  # fmt: skip
    assert first["terminated"] == expected["terminated"] and first["straddling"] == expected["straddling"]
    assert PostcodeConstituency.objects.count() == first["postcodes"] + first["straddling"]
    result = harness.write_result(
        "postcode_load",
        {
            "rows": expected["rows"],
            "file_mib": file_mib,
            "generate_seconds": generate_seconds,
            "expected": expected,
            "first_load": first,
            "reload": again,
            "twentieth": small,
            "goal_seconds": GOAL_SECONDS,
            # Flat: loading twenty times the rows needs no more memory than loading a twentieth.
            "memory_flat": first["rss_growth_mib"] <= small["rss_growth_mib"] + 20,
            "met": first["met"] and again["met"],
        },
    )
    harness.print_table(
        f"7. Loading the ONS Postcode Directory, {expected['rows']:,} rows ({file_mib} MiB) (goal: < {GOAL_SECONDS} s, flat memory)",
        ["load", "postcodes", "straddling", "terminated", "seconds", "reading s", "replacing s", "rows/s",
         "peak RSS MiB", "RSS growth MiB", "met"],
        [
            [name, r["postcodes"], r["straddling"], r["terminated"], r["seconds"], r["read_seconds"],
             r["replace_seconds"], r["rows_per_second"],
             r["peak_rss_mib"], r["rss_growth_mib"], r["met"]]
            for name, r in (("a twentieth", small), ("first load", first), ("re-load", again))
        ],
    )  # fmt: skip
    return result
