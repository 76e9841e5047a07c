// gmsh -3 -format msh41 meshes/foam_cell.geo -o meshes/foam_cell.msh
//
// One unit cell of a cubic-lattice Cu foam on a Cu collector, for DeadLi's
// Geometry/Type = gmsh (doc/geometries.md, "Gmsh meshes"). Lengths in um.
//
// The cell is a 3D cross of square struts: a vertical strut standing on the
// collector and two horizontal struts at mid-height that leave the box
// through its lateral faces, so that the periodic continuation is a cubic
// lattice. A Li layer covers the collector between the struts, and
// electrolyte fills the rest up to the counter electrode.
//
// The box is cut into blocks along the strut faces, and every block is a
// transfinite (structured) hex block with the same node spacing on curves of
// equal length: opposite lateral faces then carry identical quadrilateral
// meshes, which is what deal.II's periodic face matching needs.
SetFactory("OpenCASCADE");

L = 8;       // lateral period (box width in x and y)
a = 2;       // strut edge length
Hf = 8;      // foam height: one lattice period
t = 2;       // Li layer thickness on the collector
H = 16;      // box height: collector (z = 0) to counter electrode
h = 1.5;     // largest coarse cell edge

xs[] = {0, (L - a) / 2, (L + a) / 2, L};
zs[] = {0, t, Hf / 2 - a / 2, Hf / 2 + a / 2, Hf, H};
For i In {0:2}
  For j In {0:2}
    For k In {0:4}
      Box(news) = {xs[i], xs[j], zs[k],
                   xs[i + 1] - xs[i], xs[j + 1] - xs[j], zs[k + 1] - zs[k]};
    EndFor
  EndFor
EndFor
Coherence;

// Sort the blocks into regions by their centres.
copper[] = {};
lithium[] = {};
electrolyte[] = {};
blocks[] = Volume{:};
For n In {0:#blocks[] - 1}
  bb[] = BoundingBox Volume{blocks[n]};
  x = (bb[0] + bb[3]) / 2;
  y = (bb[1] + bb[4]) / 2;
  z = (bb[2] + bb[5]) / 2;
  in_x = Fabs(x - L / 2) < a / 2;
  in_y = Fabs(y - L / 2) < a / 2;
  in_strut_height = Fabs(z - Hf / 2) < a / 2;
  If ((in_x && in_y && z < Hf) || (in_x && in_strut_height) ||
      (in_y && in_strut_height))
    copper[] += blocks[n];
  ElseIf (z < t)
    lithium[] += blocks[n];
  Else
    electrolyte[] += blocks[n];
  EndIf
EndFor

// Structured hexahedra: as many nodes on each curve as its length needs.
curves[] = Curve{:};
For n In {0:#curves[] - 1}
  bb[] = BoundingBox Curve{curves[n]};
  length = Max(bb[3] - bb[0], Max(bb[4] - bb[1], bb[5] - bb[2]));
  Transfinite Curve{curves[n]} = Ceil(length / h - 1e-9) + 1;
EndFor
Transfinite Surface{:};
Recombine Surface{:};
Transfinite Volume{:};

e = 1e-6;
Physical Volume("copper") = copper[];
Physical Volume("lithium") = lithium[];
Physical Volume("electrolyte") = electrolyte[];
Physical Surface("collector") = Surface In BoundingBox{-e, -e, -e, L + e, L + e, e};
Physical Surface("counter_electrode") =
  Surface In BoundingBox{-e, -e, H - e, L + e, L + e, H + e};
Physical Surface("x_min") = Surface In BoundingBox{-e, -e, -e, e, L + e, H + e};
Physical Surface("x_max") =
  Surface In BoundingBox{L - e, -e, -e, L + e, L + e, H + e};
Physical Surface("y_min") = Surface In BoundingBox{-e, -e, -e, L + e, e, H + e};
Physical Surface("y_max") =
  Surface In BoundingBox{-e, L - e, -e, L + e, L + e, H + e};
