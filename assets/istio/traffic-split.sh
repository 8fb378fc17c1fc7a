#!/bin/sh
# Source of traffic-split.png (ImageMagick): run from this folder to regenerate.
convert -size 760x300 xc:white -font DejaVu-Sans -pointsize 15 \
  -fill '#e8f0fe' -stroke '#1a73e8' -draw "roundrectangle 20,120 150,180 10,10" \
  -fill '#fef7e0' -stroke '#f9ab00' -draw "roundrectangle 220,105 420,195 10,10" \
  -fill '#e6f4ea' -stroke '#188038' -draw "roundrectangle 540,40 740,110 10,10" \
  -fill '#fce8e6' -stroke '#d93025' -draw "roundrectangle 540,190 740,260 10,10" \
  -stroke '#5f6368' -strokewidth 2 -draw "line 150,150 220,150" -draw "line 420,140 540,75" -draw "line 420,160 540,225" \
  -stroke none -fill black \
  -draw "text 38,147 'client Pod'" -draw "text 40,167 '+ istio-proxy'" \
  -draw "text 232,130 'VirtualService my-app'" -draw "text 232,152 'host: my-app-service'" -draw "text 232,174 'retries 3, timeout 5s'" \
  -draw "text 552,65 'subset v1 (90 %)'" -draw "text 552,90 'pods version=v1'" \
  -draw "text 552,215 'subset v2 (10 %)'" -draw "text 552,240 'pods version=v2'" \
  -draw "text 440,95 'weight 90'" -draw "text 440,220 'weight 10'" \
  -draw "text 220,280 'DestinationRule my-app: subsets = Service selector + version label'" \
  traffic-split.png
