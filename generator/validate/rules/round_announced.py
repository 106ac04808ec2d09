"""The results a decision announced (`announced:` in scores/<year>/ky-danh-gia.yaml): each row names
a registered unit once, says at least one figure (the index, in a year known only as published), a
band of the year (`Dataset.bands_for`), only declared `columns`, and cites the decision it comes from. How the figures compare with the recomputed ones is not a rule of the data:
`compute.reconcile` finds the differences and `check` reports them as warnings."""
from __future__ import annotations

from generator.validate.rules.base import Rule, Scope, problem
from generator.validate.rules.registry_agencies import did_you_mean

ID = "round.announced"


def check(ds, _):
    for rnd in ds.rounds:
        for gid, group in rnd.groups.items():
            if not group.announced or gid not in ds.groups:
                continue
            at = ("groups", gid, "announced")
            if group.decision is None:
                yield problem(rnd, at, ID, "Có kết quả công bố (`announced`) nhưng không có quyết định công bố.",
                              "Announced results (`announced`) without the decision that announced them.",
                              "Ghi `decision` (số, ngày, cơ quan ban hành) của nhóm.",
                              "Give the group's `decision` (number, date, issuer).", key=True)
            bands = {b.id for b in ds.bands_for(rnd.year, gid)}
            results_only = (rnd.year, gid) in ds.results_only
            columns = {c.id for c in group.columns}
            seen: dict[str, int] = {}
            for i, row in enumerate(group.announced):
                if row.unit not in ds.units:
                    vi, en = did_you_mean(row.unit, ds.units)
                    yield problem(rnd, at + (i, "unit"), ID, f"Đơn vị `{row.unit}` không có trong `scores/units.yaml`.{vi}",
                                  f"Unit `{row.unit}` is not in `scores/units.yaml`.{en}",
                                  "Dùng mã đơn vị trong `units`; đơn vị chưa có thì đăng ký trước.",
                                  "Use a unit id under `units`; register a missing unit first.")
                if row.unit in seen:
                    first = rnd.source.value(at + (seen[row.unit], "unit")).line
                    yield problem(rnd, at + (i, "unit"), ID,
                                  f"Đơn vị `{row.unit}` đã có ở dòng {first}: mỗi đơn vị một dòng.",
                                  f"Unit `{row.unit}` is already on line {first}: one row a unit.",
                                  "Giữ một dòng, đúng như phụ lục của quyết định.",
                                  "Keep one row, as the decision's annex prints it.")
                seen.setdefault(row.unit, i)
                if row.index is None and row.rank is None and row.band is None:
                    yield problem(rnd, at + (i,), ID, f"Dòng của `{row.unit}` không có chỉ số, thứ hạng hay xếp loại.",
                                  f"The row of `{row.unit}` has no index, rank or band.",
                                  "Ghi ít nhất một trong `index`, `rank`, `band` như quyết định in.",
                                  "Give at least one of `index`, `rank`, `band` as the decision prints it.")
                if results_only and row.index is None:
                    yield problem(rnd, at + (i,), ID,
                                  f"Năm {rnd.year} nhóm `{gid}` chỉ có kết quả công bố (không có tệp điểm): dòng của "
                                  f"`{row.unit}` cần chỉ số.",
                                  f"Group `{gid}` has only published results in {rnd.year} (no score files): the row "
                                  f"of `{row.unit}` needs its index.",
                                  "Ghi `index` đúng như phụ lục in.", "Give the `index` as the annex prints it.")
                for column in row.columns:
                    if column not in columns:
                        vi, en = did_you_mean(column, columns)
                        yield problem(rnd, at + (i, "columns", column), ID,
                                      f"Cột `{column}` không có trong `columns` của nhóm.{vi}",
                                      f"Column `{column}` is not under the group's `columns`.{en}",
                                      "Khai báo cột trong `columns` (mã, tên như phụ lục in), hoặc sửa mã.",
                                      "Declare the column under `columns` (id, name as printed), or correct the id.",
                                      key=True)
                if row.band is not None and row.band not in bands:
                    vi, en = did_you_mean(row.band, bands)
                    yield problem(rnd, at + (i, "band"), ID,
                                  f"Xếp loại `{row.band}` không có trong các xếp loại của nhóm năm {rnd.year}.{vi}",
                                  f"Band `{row.band}` is not among the group's bands of {rnd.year}.{en}",
                                  "Dùng mã một xếp loại trong `bands` của bộ tiêu chí, hoặc (năm chưa có bộ tiêu "
                                  "chí) khai báo `bands` của năm trong tệp này.",
                                  "Use the id of a band under the criteria set's `bands`, or (a year before any "
                                  "set) declare the year's `bands` in this file.")


RULE = Rule(ID, Scope.DATASET, "Kết quả công bố", "Announced results", check)
