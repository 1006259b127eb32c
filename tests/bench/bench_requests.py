"""Row E: the reference page's Python, as published: the token request, its "Paginate through
results" loop (requests.post(...).json(), all_rows.extend, nextPageToken), then the rows written
with the csv module. Two additions only: the largest page size (100000) so that the rate limit is
not what we measure, and pacing to stay under 3 req/s as the page's best practices ask (it never
sleeps when a page takes longer than 0.4 s anyway). Prints one JSON result line, like the
PowerShell children."""
import sys
import time

started = time.perf_counter()  # before `import requests`, as the PowerShell rows count Import-Module

import csv
import json
import resource

import requests


def main():
    base_url, token_url, client_id, client_secret, start, end, path = sys.argv[1:8]
    page_size = int(sys.argv[8]) if len(sys.argv) > 8 else 100000
    package_name = "com.example.tvapp"

    data = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
        "scope": "adx_reporting::appstore:marketer",
    }
    auth_token = requests.post(token_url, data=data).json()["access_token"]
    headers = {"Authorization": f"Bearer {auth_token}", "Content-Type": "application/json"}

    def ymd(s):
        y, m, d = (int(p) for p in s.split("-"))
        return {"year": y, "month": m, "day": d}

    query_url = f"{base_url}/vitals/apps/{package_name}/crashMetricSet:query"
    body = {
        "timelineSpec": {"aggregationPeriod": "DAILY", "startTime": ymd(start), "endTime": ymd(end)},
        "metrics": ["crashRate", "crashCount", "distinctDevices"],
        "dimensions": ["versionCode", "countryCode", "deviceModel", "deviceType", "osVersion"],
        "pageSize": page_size,
    }

    # The published pagination loop, plus pacing.
    all_rows = []
    body.pop("pageToken", None)
    last = 0.0
    while True:
        wait = 0.4 - (time.monotonic() - last)
        if wait > 0:
            time.sleep(wait)
        last = time.monotonic()
        result = requests.post(query_url, headers=headers, json=body).json()
        all_rows.extend(result["rows"])
        token = result.get("nextPageToken")
        if not token:
            break
        body["pageToken"] = token

    dims = body["dimensions"]
    mets = body["metrics"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["PackageName", "MetricSet", "AggregationPeriod", "StartTime", *dims, *mets])
        for row in all_rows:
            st = row["startTime"]
            d = {x["name"]: x["value"] for x in row["dimensions"]}
            m = {x["name"]: x["value"] for x in row["metrics"]}
            w.writerow([package_name, "crashMetricSet", row["aggregationPeriod"],
                        f"{st['year']:04d}-{st['month']:02d}-{st['day']:02d}T00:00:00Z",
                        *(d.get(k) for k in dims), *(m.get(k) for k in mets)])

    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "kind": "PythonRequests",
        "workSeconds": round(elapsed, 3),
        "peakWorkingSetBytes": usage.ru_maxrss * 1024,  # ru_maxrss is KiB on Linux
        "cpuSeconds": round(usage.ru_utime + usage.ru_stime, 3),
    }), flush=True)


if __name__ == "__main__":
    main()
