#ifndef deadli_cycling_metal_inventory_h
#define deadli_cycling_metal_inventory_h

namespace deadli
{
  /**
   * The metal on the electrode at one instant, as global sums over the mesh:
   * what ElectronicContact measures and LithiumLedger books. Volumes in µm^3
   * (µm^2 in 2D), areas in µm^2 (µm in 2D).
   */
  struct MetalInventory
  {
    /// Integral of xi where the metal may react (wired to the collector).
    double live_metal_volume = 0;
    /// Integral of xi over frozen cells: dead metal and its diffuse halo.
    double dead_metal_volume = 0;
    /// Integral of |grad xi| where the metal may react: the area of the
    /// reactive metal surface.
    double live_interface_area = 0;
    /// Whether any conductor component is wired to the collector.
    bool         connected_metal  = false;
    unsigned int n_dead_fragments = 0;
    /// Metal volume of the largest dead fragment (its conductor cells).
    double largest_dead_fragment_volume = 0;

    /// For checkpoints.
    template <class Archive>
    void
    serialize(Archive &archive, const unsigned int)
    {
      archive &live_metal_volume &dead_metal_volume &live_interface_area
        &connected_metal &n_dead_fragments &largest_dead_fragment_volume;
    }
  };
} // namespace deadli

#endif
