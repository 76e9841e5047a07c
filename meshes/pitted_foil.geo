// gmsh -3 -format msh41 meshes/pitted_foil.geo -o meshes/pitted_foil.msh
//
// A Li foil on a Cu collector with one square pit (as left by stripping at a
// favoured site), for DeadLi's Geometry/Type = gmsh (doc/geometries.md,
// "Gmsh meshes"). Lengths in um. There is no Cu host volume: the collector is
// the bottom face of the box.
//
// The box is cut into blocks along the pit walls and every block is a
// transfinite (structured) hex block, so that opposite lateral faces carry
// identical quadrilateral meshes, as deal.II's periodic face matching needs.
SetFactory("OpenCASCADE");

L = 12;      // lateral period (box width in x and y)
p = 4;       // pit width
t = 5;       // foil thickness
d = 3;       // pit depth
H = 16;      // box height: collector (z = 0) to counter electrode
h = 2;       // largest coarse cell edge

xs[] = {0, (L - p) / 2, (L + p) / 2, L};
zs[] = {0, t - d, t, H};
For i In {0:2}
  For j In {0:2}
    For k In {0:2}
      Box(news) = {xs[i], xs[j], zs[k],
                   xs[i + 1] - xs[i], xs[j + 1] - xs[j], zs[k + 1] - zs[k]};
    EndFor
  EndFor
EndFor
Coherence;

lithium[] = {};
electrolyte[] = {};
blocks[] = Volume{:};
For n In {0:#blocks[] - 1}
  bb[] = BoundingBox Volume{blocks[n]};
  x = (bb[0] + bb[3]) / 2;
  y = (bb[1] + bb[4]) / 2;
  z = (bb[2] + bb[5]) / 2;
  in_pit = Fabs(x - L / 2) < p / 2 && Fabs(y - L / 2) < p / 2 && z > t - d;
  If (z < t && !in_pit)
    lithium[] += blocks[n];
  Else
    electrolyte[] += blocks[n];
  EndIf
EndFor

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
