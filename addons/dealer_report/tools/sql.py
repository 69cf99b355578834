"""SQL fragments shared by the analyses (no database access here)."""

# One row per province: the deepest active sales region listing it (ties: the lowest id),
# and the top-level region above it. A region's depth is the number of ids in its
# parent_path ("1/7/12/" is three deep).
REGION_BY_STATE = """
    SELECT DISTINCT ON (rel.state_id)
           rel.state_id AS state_id,
           region.id AS region_id,
           split_part(region.parent_path, '/', 1)::integer AS root_id
      FROM dealer_region_country_state_rel rel
      JOIN dealer_region region ON region.id = rel.region_id AND region.active
  ORDER BY rel.state_id,
           length(region.parent_path) - length(replace(region.parent_path, '/', '')) DESC,
           region.id
"""
