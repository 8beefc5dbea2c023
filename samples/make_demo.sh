#!/bin/sh
# Rebuild the committed demo set samples/demo/ (seed 1, train fonts). Run from the repository root.
set -eu
PY=${PY:-.venv/bin/python}
rm -rf samples/demo
# documents 1-9: every type and format in turn, 0-3 degradations drawn by the seed
$PY -m samples.generate --out samples/demo --count 9 --seed 1 --fonts train
# documents 10-12: the defects the first nine happen not to draw (12: a two-page decision)
$PY -m samples.generate --out samples/demo --start 9 --count 1 --seed 1 --fonts train \
    --types citizen_id_card --formats jpeg --degradations yellowed,noise,blur
$PY -m samples.generate --out samples/demo --start 10 --count 1 --seed 1 --fonts train \
    --types business_registration --formats jpeg --degradations photocopy,rotate180
$PY -m samples.generate --out samples/demo --start 11 --count 1 --seed 1 --fonts train \
    --types decision --formats tiff --degradations rotate270,uneven_light,low_dpi
# one dossier: three components about one applicant
$PY -m samples.generate --out samples/demo/dossier-001 --count 3 --seed 1 --fonts train \
    --dossier --types application_form,citizen_id_card,birth_certificate --formats pdf,jpeg,jpeg
