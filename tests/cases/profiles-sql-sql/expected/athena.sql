SELECT
  (
    SELECT
      COUNT(*)
    FROM profiles
  ) AS profiles,
  (
    SELECT
      COUNT(*)
    FROM (
      SELECT
        p.ProfileId
      FROM profiles AS p
      WHERE
        p.Address.City = 'Oslo' AND p.Attributes['tier'] = 'gold'
    ) AS q
  ) AS matched
