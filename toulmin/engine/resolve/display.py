"""Display units: which unit a name or a claim is shown in."""

from __future__ import annotations

from fractions import Fraction

from toulmin.engine.program import Display
from toulmin.engine.resolve.base import (
    ResolverBase,
)
from toulmin.units import dims as D
from toulmin.units import display as U
from toulmin.units.registry import UnitError, lookup


class DisplayMixin(ResolverBase):
    """The resolver's display part (see the module docstring)."""

    def _display(self, shape: U.Shape | None, dims: D.Dims, fixed: bool) -> Display:
        if (shape and len(shape) > 1) or (shape and shape[0][1] != 1):
            # `%*TFLOP/s` or `%^2`: dimensionless factors only confuse a combined unit
            shape = tuple((n, p) for n, p in shape if self._unit_dims(n) != ())
        if shape:
            shape = self._readable_shape(shape, dims)
        if shape:
            try:
                factor = 1.0
                for name, p in shape:
                    factor *= self.shape_factor(name) ** float(p)
                names_dims: dict[str, Fraction] = {}
                messy = False
                for name, p in shape:  # `h*USD/s`: two units of one dimension
                    d = (
                        lookup(name).dims
                        if name not in self.program.unit_dims
                        else self.program.unit_dims[name]
                    )
                    if len(d) == 1:
                        key = d[0][0]
                        if key in names_dims and names_dims[key] * p < 0:
                            messy = True
                        names_dims[key] = p
                if not messy:
                    return Display(shape, factor, fixed)
            except UnitError:
                pass
        auto = self._auto_shape(dims)
        factor = 1.0
        return Display(auto, factor, False)

    def _readable_shape(self, shape: U.Shape, dims: D.Dims) -> U.Shape:
        """Spec v2 §5 Display: units of one dimension cancel (`GW/MW` is a number), and a
        compound of more than three factors gives way to a shorter one."""
        shape = U.cancel(shape, self._unit_dims)
        if len(shape) > 3 and len(self._auto_shape(dims)) < len(shape):
            return self._auto_shape(dims)
        return shape

    def _unit_dims(self, name: str) -> D.Dims | None:
        if name in self.program.unit_dims:
            return self.program.unit_dims[name]
        try:
            return lookup(name).dims
        except UnitError:
            return None

    def _auto_shape(self, dims: D.Dims) -> U.Shape:
        shape: list[tuple[str, Fraction]] = []
        for k, v in D.factors(dims):
            if v > 0:
                shape.append((D.BASE_SYMBOL.get(k, k), v))
        for k, v in D.factors(dims):
            if v < 0:
                shape.append((D.BASE_SYMBOL.get(k, k), v))
        return tuple(shape)
