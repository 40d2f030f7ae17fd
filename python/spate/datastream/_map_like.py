"""The dict-style access of map states, shared by keyed, TTL and broadcast map states."""


class MapLike(object):
    """The `dict`-style access PyFlink's map states offer: `state[k]`, `state[k] = v`,
    `del state[k]`, `k in state`, `for k in state`."""

    def __getitem__(self, key):
        return self.get(key)

    def __setitem__(self, key, value):
        self.put(key, value)

    def __delitem__(self, key):
        self.remove(key)

    def __contains__(self, key) -> bool:
        return self.contains(key)

    def __iter__(self):
        return iter(self.keys())
