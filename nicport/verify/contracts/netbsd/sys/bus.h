/* L0 contract (nicport): NetBSD <sys/bus.h> subset -- bus_space(9), bus_dma(9). */
#ifndef _NICPORT_NBSD_SYS_BUS_H_
#define _NICPORT_NBSD_SYS_BUS_H_
#include <sys/types.h>
struct mbuf;
struct proc;

/* bus_space(9) */
typedef struct nbsd_bus_space	*bus_space_tag_t;
typedef unsigned long		 bus_space_handle_t;
typedef unsigned long		 bus_size_t;
typedef unsigned long		 bus_addr_t;
uint8_t	 bus_space_read_1(bus_space_tag_t, bus_space_handle_t, bus_size_t);
uint16_t bus_space_read_2(bus_space_tag_t, bus_space_handle_t, bus_size_t);
uint32_t bus_space_read_4(bus_space_tag_t, bus_space_handle_t, bus_size_t);
void	 bus_space_write_1(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint8_t);
void	 bus_space_write_2(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint16_t);
void	 bus_space_write_4(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint32_t);
void	 bus_space_unmap(bus_space_tag_t, bus_space_handle_t, bus_size_t);

/* bus_dma(9) */
typedef struct nbsd_bus_dma_tag	*bus_dma_tag_t;
typedef struct {
	bus_addr_t	ds_addr;
	bus_size_t	ds_len;
} bus_dma_segment_t;
struct bus_dmamap {
	bus_size_t	 dm_maxsegsz;
	bus_size_t	 dm_mapsize;
	int		 dm_nsegs;
	bus_dma_segment_t dm_segs[1];
};
typedef struct bus_dmamap	*bus_dmamap_t;

#define BUS_DMA_WAITOK		0x000
#define BUS_DMA_NOWAIT		0x001
#define BUS_DMA_COHERENT	0x004
#define BUS_DMA_READ		0x100
#define BUS_DMA_WRITE		0x200
#define BUS_DMASYNC_PREREAD	0x01
#define BUS_DMASYNC_POSTREAD	0x02
#define BUS_DMASYNC_PREWRITE	0x04
#define BUS_DMASYNC_POSTWRITE	0x08

int	bus_dmamap_create(bus_dma_tag_t, bus_size_t, int, bus_size_t, bus_size_t, int, bus_dmamap_t *);
void	bus_dmamap_destroy(bus_dma_tag_t, bus_dmamap_t);
int	bus_dmamap_load(bus_dma_tag_t, bus_dmamap_t, void *, bus_size_t, struct proc *, int);
int	bus_dmamap_load_mbuf(bus_dma_tag_t, bus_dmamap_t, struct mbuf *, int);
void	bus_dmamap_unload(bus_dma_tag_t, bus_dmamap_t);
void	bus_dmamap_sync(bus_dma_tag_t, bus_dmamap_t, bus_addr_t, bus_size_t, int);
int	bus_dmamem_alloc(bus_dma_tag_t, bus_size_t, bus_size_t, bus_size_t, bus_dma_segment_t *, int, int *, int);
void	bus_dmamem_free(bus_dma_tag_t, bus_dma_segment_t *, int);
int	bus_dmamem_map(bus_dma_tag_t, bus_dma_segment_t *, int, size_t, void **, int);
void	bus_dmamem_unmap(bus_dma_tag_t, void *, size_t);
#endif
