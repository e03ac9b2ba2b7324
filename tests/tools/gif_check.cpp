// rllens_gif_check FILE: decodes an animated GIF with giflib (DGifSlurp) and prints "frames W H" — for
// tests/gui/export.sh, which checks the app's GIF export plays back with the right frame count and size.
#include <gif_lib.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rllens_gif_check FILE.gif\n");
    return 2;
  }
  int err = 0;
  GifFileType* g = DGifOpenFileName(argv[1], &err);
  if (!g) {
    std::fprintf(stderr, "rllens_gif_check: cannot open '%s': %s\n", argv[1], GifErrorString(err));
    return 1;
  }
  if (DGifSlurp(g) != GIF_OK) {
    std::fprintf(stderr, "rllens_gif_check: cannot decode '%s': %s\n", argv[1], GifErrorString(g->Error));
    DGifCloseFile(g, &err);
    return 1;
  }
  std::printf("%d %d %d\n", g->ImageCount, g->SWidth, g->SHeight);
  DGifCloseFile(g, &err);
  return 0;
}
